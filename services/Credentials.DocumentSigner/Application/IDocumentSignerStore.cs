using Credentials.Contracts.Events.V1;
using Credentials.SignerKeys;
using Credentials.Storage;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// What the handlers need from the service's database (schema <c>document_signer</c>; Infrastructure's
/// <c>DocumentSignerRepository</c>): issuances, and the first response per request_id of CreateSignerKey and
/// SignVisibleSeal, recorded in the suite's one idempotency store (<see cref="IIdempotencyStore"/>, which also decides
/// replay or conflict) in the same transaction as the change it describes. (SignSecurityObject's group commit:
/// <see cref="IIssuanceQueue"/>.)
/// </summary>
internal interface IDocumentSignerStore
{
    /// <summary>A stored issuance by request_id, else by credential id.</summary>
    Task<IssuanceRecord?> FindIssuanceAsync(string? requestId, Guid? credentialId, CancellationToken cancellationToken);

    /// <summary>New, replay (with the first response) or conflict for <paramref name="request"/>.</summary>
    Task<IdempotencyLookup> LookupRequestAsync(IdempotentRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// With every signer key row locked (so concurrent creations agree on what is covered), <paramref name="decide"/>
    /// builds the new key and the response from the keys as they are; key and response (under
    /// <paramref name="request"/>) commit together. False when the request_id was stored first by another attempt
    /// (nothing is written; replay it).
    /// </summary>
    Task<bool> StoreSignerKeyAsync(
        IdempotentRequest request, Func<IReadOnlyList<SignerKeyRecord>, (SignerKeyRecord Key, byte[] Response)> decide, CancellationToken cancellationToken);

    /// <summary>
    /// Under the advisory lock of <paramref name="request"/>'s request_id (one round trip with the look-up,
    /// the PostgreSQL store's <c>LockAndLookupAsync</c>): a replay or conflict is returned as it is and
    /// <paramref name="produce"/> does not run; otherwise <paramref name="produce"/> signs the seal, its response and
    /// <c>seal.issued</c> event commit together, and <see cref="IdempotencyLookup.New"/> is returned. A concurrent
    /// duplicate waits for the commit and then finds the stored response, so the HSM signs once.
    /// </summary>
    Task<IdempotencyLookup> SignSealOnceAsync(
        IdempotentRequest request, Func<CancellationToken, Task<(byte[] Response, SealIssued Event)>> produce, CancellationToken cancellationToken);
}
