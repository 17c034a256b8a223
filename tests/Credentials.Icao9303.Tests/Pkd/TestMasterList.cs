using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;

namespace Credentials.Icao9303.Tests.Pkd;

/// <summary>
/// CSCA certificates and CSCA Master Lists made at test time (P-256, nothing stored), for tests that need <em>some</em>
/// signed list rather than a particular State's. Linked into the credctl and pkd tests.
/// </summary>
internal static class TestMasterList
{
    private const string MasterListSignerEku = "2.23.136.1.1.3";

    /// <summary>
    /// A CSCA Master List (Doc 9303 Part 12 section 9) holding its own CSCA and <paramref name="foreignCount"/> other
    /// States' CSCAs and <paramref name="extra"/> certificates (a link certificate, for instance), signed by a Master List
    /// Signer (EKU 2.23.136.1.1.3) that <paramref name="csca"/> issued.
    /// </summary>
    public static byte[] Create(X509Certificate2 csca, ECDsa cscaKey, int foreignCount, IReadOnlyList<byte[]>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(csca);
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Utopia Master List Signer,O=Utopia,C=UT", signerKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(MasterListSignerEku)], true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(csca, true, false));
        using var signer = request.Create(csca.SubjectName, X509SignatureGenerator.CreateForECDsa(cscaKey), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2), [0x42, 0x01]);

        var certificates = new List<ReadOnlyMemory<byte>> { csca.RawData };
        for (var i = 0; i < foreignCount; i++)
        {
            certificates.Add(Csca($"CN=CSCA {i},O=State {i},C={(char)('A' + (i / 26 % 26))}{(char)('A' + (i % 26))}", out var key));
            key.Dispose();
        }

        certificates.AddRange((extra ?? []).Select(c => (ReadOnlyMemory<byte>)c));

        var input = MasterListBuilder.PrepareSigning(certificates, Oids.Sha256, DateTimeOffset.UtcNow.AddHours(-1));
        var signature = signerKey.SignData(input.SignedAttributes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return MasterListBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, signer.RawData);
    }

    /// <summary>A self-signed P-256 CSCA certificate (DER) and its key.</summary>
    public static byte[] Csca(string subject, out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.RawData;
    }

    /// <summary>
    /// A link certificate (Doc 9303 Part 12 section 7.1.1): the CSCA's new key, under the same name, signed by its old
    /// key <paramref name="cscaKey"/>.
    /// </summary>
    public static byte[] Link(X509Certificate2 csca, ECDsa cscaKey)
    {
        ArgumentNullException.ThrowIfNull(csca);
        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(csca.SubjectName, newKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(csca, true, false));
        using var link = request.Create(csca.SubjectName, X509SignatureGenerator.CreateForECDsa(cscaKey), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5), [0x4C, 0x01]);
        return link.RawData;
    }
}
