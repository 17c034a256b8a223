using Credentials.Storage;

namespace Credentials.Csca.Application;

/// <summary>
/// csca's records as its handlers need them (implemented in Infrastructure over PostgreSQL and S3): reads on their
/// own, and every change inside <see cref="ExecuteAsync"/>, whose transaction Infrastructure opens and commits.
/// </summary>
internal interface ICscaStore
{
    /// <summary>Up to two lineage ids (enough to tell "none", "exactly one" and "several").</summary>
    Task<IReadOnlyList<string>> ListCscaIdsAsync(CancellationToken cancellationToken);

    Task<CscaRecord?> GetCscaAsync(string cscaId, CancellationToken cancellationToken);

    /// <summary>Every generation of a lineage, newest first.</summary>
    Task<IReadOnlyList<GenerationRecord>> GetGenerationsAsync(string cscaId, CancellationToken cancellationToken);

    /// <summary>The lineage's CSCA and link certificates, oldest first.</summary>
    Task<IReadOnlyList<CertificateRecord>> GetLineageCertificatesAsync(string cscaId, CancellationToken cancellationToken);

    /// <summary>Master List Signer certificates of a lineage whose key is in the HSM, newest first.</summary>
    Task<IReadOnlyList<CertificateRecord>> GetMasterListSignersAsync(string cscaId, CancellationToken cancellationToken);

    /// <summary>A page of certificates, newest first, after the filter's cursor.</summary>
    Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(CertificateFilter filter, int limit, CancellationToken cancellationToken);

    /// <summary>The latest CRL of a generation (or the one numbered <paramref name="crlNumber"/>).</summary>
    Task<CrlRecord?> GetCrlAsync(string cscaId, int generation, long? crlNumber, CancellationToken cancellationToken);

    /// <summary>Lineages with a non-retired generation whose latest CRL's nextUpdate is before <paramref name="threshold"/>.</summary>
    Task<IReadOnlyList<string>> GetCscasWithCrlsDueAsync(DateTimeOffset threshold, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="objects"/> in S3, then runs <paramref name="body"/> in one transaction and commits it.</summary>
    Task<TResult> ExecuteAsync<TResult>(
        IReadOnlyList<ObjectContent> objects, Func<ICscaTransaction, CancellationToken, Task<TResult>> body, CancellationToken cancellationToken);
}
