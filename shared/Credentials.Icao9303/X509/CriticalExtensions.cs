using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.X509;

/// <summary>
/// The extensions the suite understands (RFC 5280 §4.2: a certificate with a critical extension the relying party does
/// not recognise must be rejected; §5.2/§6.3.3: likewise a CRL). One list for the certificate profiles of Doc 9303
/// Part 12 §7.1 and its CRL profile §7.1.4.
/// </summary>
internal static class CriticalExtensions
{
    private static readonly HashSet<string> CertificateExtensions = new(StringComparer.Ordinal)
    {
        Oids.SubjectKeyIdentifier, Oids.KeyUsage, Oids.BasicConstraints, Oids.AuthorityKeyIdentifier, Oids.ExtendedKeyUsage,
        PrivateKeyUsagePeriod.Oid, DocumentTypeList.Oid, CertificateProfileLinter.NameChangeOid,
        "2.5.29.32", // certificatePolicies
        "2.5.29.31", // cRLDistributionPoints
        "2.5.29.17", // subjectAltName
        "2.5.29.18", // issuerAltName
    };

    private static readonly HashSet<string> CrlExtensions = new(StringComparer.Ordinal)
    {
        Oids.AuthorityKeyIdentifier,
        "2.5.29.20", // cRLNumber
        "2.5.29.18", // issuerAltName
    };

    /// <summary>The first critical extension of <paramref name="certificate"/> the suite does not understand, or null.</summary>
    public static string? FirstUnknown(X509CertificateParts certificate)
    {
        foreach (var (oid, critical, _) in certificate.Extensions)
        {
            if (critical && !CertificateExtensions.Contains(oid))
            {
                return oid;
            }
        }

        return null;
    }

    /// <summary>The first critical crlExtension of <paramref name="crl"/> the suite does not understand, or null.</summary>
    public static string? FirstUnknown(CertificateRevocationList crl)
    {
        foreach (var (oid, critical, _) in crl.Extensions)
        {
            if (critical && !CrlExtensions.Contains(oid))
            {
                return oid;
            }
        }

        return null;
    }
}
