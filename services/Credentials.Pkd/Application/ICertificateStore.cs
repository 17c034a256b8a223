using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Pkd.Application;

/// <summary>The stored certificates, as read by the RPCs and by the verification of DSCs and CRLs.</summary>
internal interface ICertificateStore
{
    /// <summary>Every verified CSCA/link certificate (all generations, removed ones included) of <paramref name="country"/>.</summary>
    Task<IReadOnlyList<X509CertificateParts>> GetAuthoritiesAsync(string country, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> rows matching <paramref name="filter"/>, oldest change first.</summary>
    Task<IReadOnlyList<StoredCertificateRow>> ListAsync(CertificateListFilter filter, int limit, CancellationToken cancellationToken);

    /// <summary>The DER of a stored certificate, or null.</summary>
    Task<byte[]?> GetDerAsync(string fingerprint, CancellationToken cancellationToken);

    /// <summary>The verified, listed certificates of the given States (all when empty) and kinds, streamed.</summary>
    IAsyncEnumerable<(string Fingerprint, CertificateKind Kind, string Country, byte[] Der)> ExportAsync(
        IReadOnlyList<string> countries, IReadOnlyList<CertificateKind> kinds, CancellationToken cancellationToken);
}
