using Credentials.Storage;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// The trust store as the admin handlers need it (implemented in Infrastructure over PostgreSQL, which owns the
/// transactions): imports recorded with their idempotency record, anchor removal, the anchor listing. Every write
/// that changes the material raises the store version in the same transaction.
/// </summary>
internal interface ITrustStore
{
    /// <summary>
    /// In one transaction (at <paramref name="now"/>): adds <paramref name="certificates"/> and <paramref name="crls"/>, raises the store version
    /// when any of them changed the store, and records the response <paramref name="respond"/> builds from what was
    /// added under <paramref name="request"/>. Null (nothing committed) when a concurrent call with the same
    /// request_id recorded first.
    /// </summary>
    Task<TrustStoreImport?> ImportAsync(
        IdempotentRequest request,
        IReadOnlyList<StoredCertificate> certificates,
        IReadOnlyList<StoredCrl> crls,
        DateTimeOffset now,
        Func<TrustStoreImport, byte[]> respond,
        CancellationToken cancellationToken);

    /// <summary>
    /// Takes a CSCA or link certificate out of verification (the row is kept with <paramref name="removedBy"/>) and
    /// raises the store version; null when no such anchor is stored or it is already removed.
    /// </summary>
    Task<AnchorRemoval?> RemoveAnchorAsync(string fingerprint, string removedBy, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The source of a CSCA or link certificate an admin removed; null when there is none.</summary>
    Task<string?> GetRemovedAnchorSourceAsync(string fingerprint, CancellationToken cancellationToken);

    /// <summary>A page of anchors (CSCA and link certificates), ordered by country, notBefore, fingerprint.</summary>
    Task<IReadOnlyList<StoredAnchor>> ListAnchorsAsync(AnchorQuery query, CancellationToken cancellationToken);
}
