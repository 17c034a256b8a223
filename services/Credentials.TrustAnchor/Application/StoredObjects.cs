using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;

namespace Credentials.TrustAnchor.Application;

/// <summary>Rows from decoded objects: every stored field is derived from the DER, never taken from a sender's summary.</summary>
internal static class StoredObjects
{
    public static StoredCertificate Certificate(X509CertificateParts certificate, CertificateKind kind, string source, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new StoredCertificate(
            CertificateSummaries.Fingerprint(certificate.Encoded.Span),
            kind,
            CertificateSummaries.CountryOfName(certificate.Subject) ?? string.Empty,
            certificate.SubjectName,
            certificate.IssuerName,
            Convert.ToHexStringLower(certificate.SerialNumber.Span),
            certificate.SubjectKeyIdentifier?.ToArray(),
            certificate.AuthorityKeyIdentifier?.ToArray(),
            certificate.NotBefore,
            certificate.NotAfter,
            certificate.Encoded.ToArray(),
            source,
            now);
    }

    public static StoredCrl Crl(CertificateRevocationList crl, string source)
    {
        ArgumentNullException.ThrowIfNull(crl);
        var summary = CertificateSummaries.Summarize(crl);
        return new StoredCrl(
            summary.FingerprintSha256,
            summary.Issuer,
            crl.AuthorityKeyIdentifier?.ToArray(),
            CertificateSummaries.IssuerKey(crl),
            summary.Country,
            summary.CrlNumber,
            crl.ThisUpdate,
            crl.NextUpdate,
            summary.RevokedCount,
            crl.Encoded.ToArray(),
            source);
    }
}
