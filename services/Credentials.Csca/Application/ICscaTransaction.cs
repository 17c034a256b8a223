using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Storage;
using Google.Protobuf;

namespace Credentials.Csca.Application;

/// <summary>
/// The changes of one use case, all in the one transaction <see cref="ICscaStore.ExecuteAsync"/> opened: rows, the
/// outbox events and the idempotency record commit together or not at all.
/// </summary>
internal interface ICscaTransaction
{
    /// <summary>The S3 keys of the objects stored before the transaction, in the order given.</summary>
    IReadOnlyList<string> ObjectKeys { get; }

    /// <summary>Adds a lineage; false when its id exists already.</summary>
    Task<bool> TryInsertCscaAsync(CscaRecord csca, CancellationToken cancellationToken);

    Task InsertGenerationAsync(GenerationRecord generation, CancellationToken cancellationToken);

    Task SetGenerationStateAsync(string cscaId, int generation, CscaGenerationState state, CancellationToken cancellationToken);

    /// <summary>Every generation of a lineage, newest first; <paramref name="forUpdate"/> locks the rows.</summary>
    Task<IReadOnlyList<GenerationRecord>> GetGenerationsAsync(string cscaId, bool forUpdate, CancellationToken cancellationToken);

    /// <summary>Locks one generation row (CRL numbers of a generation stay strictly increasing).</summary>
    Task LockGenerationAsync(string cscaId, int generation, CancellationToken cancellationToken);

    Task InsertCertificateAsync(CertificateRecord certificate, CancellationToken cancellationToken);

    /// <summary>Finds and locks a certificate by serial number or fingerprint (exactly one of them non-null).</summary>
    Task<CertificateRecord?> FindCertificateForUpdateAsync(string? serialNumber, string? fingerprint, CancellationToken cancellationToken);

    Task RevokeCertificateAsync(string fingerprint, DateTimeOffset revokedAt, RevocationReason reason, DateTimeOffset? invalidityDate, CancellationToken cancellationToken);

    /// <summary>The revoked certificates a generation's key issued (the entries of its CRL).</summary>
    Task<IReadOnlyList<CertificateRecord>> GetRevokedAsync(string cscaId, int issuerGeneration, CancellationToken cancellationToken);

    Task<long> NextCrlNumberAsync(string cscaId, int generation, CancellationToken cancellationToken);

    Task InsertCrlAsync(CrlRecord crl, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The latest CRL of a generation, or null.</summary>
    Task<CrlRecord?> GetLatestCrlAsync(string cscaId, int generation, CancellationToken cancellationToken);

    Task InsertMasterListAsync(
        string fingerprint, string cscaId, string signerFingerprint, int count, string objectKey, DateTimeOffset signedAt, string requestId, CancellationToken cancellationToken);

    /// <summary>Writes one of csca's events (<see cref="CscaEventTypes"/>) to the outbox.</summary>
    Task WriteEventAsync(string eventType, string aggregateKey, IMessage payload, CancellationToken cancellationToken);

    /// <summary>Records the response of an idempotent request (a taken request_id fails and rolls everything back).</summary>
    Task RecordResponseAsync(IdempotentRequest request, IMessage response, CancellationToken cancellationToken);
}
