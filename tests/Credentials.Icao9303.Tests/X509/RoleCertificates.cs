using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Issuance;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Tests.X509;

/// <summary>Self-signed P-256 certificates with exactly the role-bearing extensions a test asks for (made at test time).</summary>
internal static class RoleCertificates
{
    public static X509CertificateParts Make(
        X509KeyUsageFlags? keyUsage,
        bool? ca = null,
        string[]? ekus = null,
        string[]? documentTypes = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Role Test,O=Test,C=XX", key, HashAlgorithmName.SHA256);
        if (ca is { } isCa)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        }

        if (keyUsage is { } ku)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(ku, true));
        }

        if (ekus is not null)
        {
            var collection = new OidCollection();
            foreach (var eku in ekus)
            {
                collection.Add(new Oid(eku));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(collection, true));
        }

        if (documentTypes is not null)
        {
            request.CertificateExtensions.Add(IcaoExtensions.DocumentTypeList(documentTypes));
        }

        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateParts.Decode(certificate.RawData);
    }
}
