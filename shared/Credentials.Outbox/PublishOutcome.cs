namespace Credentials.Outbox;

/// <summary>The result of publishing one record.</summary>
/// <param name="Succeeded">True when the broker acknowledged the message.</param>
/// <param name="Error">A short reason when it failed (no payload, no personal data).</param>
public readonly record struct PublishOutcome(bool Succeeded, string? Error)
{
    public static PublishOutcome Success { get; } = new(true, null);

    public static PublishOutcome Failure(string error) => new(false, error);
}
