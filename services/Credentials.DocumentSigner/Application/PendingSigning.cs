using System.Diagnostics;

namespace Credentials.DocumentSigner.Application;

/// <summary>One validated SignSecurityObject waiting for its group.</summary>
internal sealed class PendingSigning
{
    public required ValidatedSignRequest Request { get; init; }

    /// <summary>The idempotency fingerprint (request hash) stored with the issuance.</summary>
    public required byte[] Fingerprint { get; init; }

    /// <summary>Keyed hash of the document number for the event; empty when none was given.</summary>
    public required byte[] DocumentNumberHash { get; init; }

    public required string Caller { get; init; }

    /// <summary>Issuance time, whole seconds (signingTime and signed_at).</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>The caller's activity: the event carries its trace context.</summary>
    public Activity? Trace { get; init; }

    public CancellationToken CallerCancellation { get; init; }

    public TaskCompletionSource<SigningOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
