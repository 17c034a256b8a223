namespace Credentials.DocumentSigner.Application;

/// <summary>
/// Where a validated SignSecurityObject waits for its group commit (Infrastructure's <c>IssuanceGroupCommit</c>): per
/// group one transaction locks the request_ids and reads their stored issuances in one round trip, the HSM signs the
/// rest (<see cref="SecurityObjectSigning"/>), and their issuance and outbox rows commit together.
/// </summary>
internal interface IIssuanceQueue
{
    /// <summary>Queues <paramref name="signing"/> for the next free group and waits for its outcome.</summary>
    Task<SigningOutcome> SubmitAsync(PendingSigning signing, CancellationToken cancellationToken);
}
