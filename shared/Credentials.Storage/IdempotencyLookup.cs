namespace Credentials.Storage;

/// <summary>The answer of <see cref="IIdempotencyStore.LookupAsync"/>.</summary>
/// <param name="Status">New, replay or conflict.</param>
/// <param name="Response">The stored response bytes when <paramref name="Status"/> is <see cref="IdempotencyStatus.Replay"/>.</param>
public sealed record IdempotencyLookup(IdempotencyStatus Status, byte[]? Response)
{
    /// <summary>A request_id never answered.</summary>
    public static IdempotencyLookup New { get; } = new(IdempotencyStatus.New, null);

    /// <summary>A request_id answered for something else.</summary>
    public static IdempotencyLookup Conflict { get; } = new(IdempotencyStatus.Conflict, null);
}
