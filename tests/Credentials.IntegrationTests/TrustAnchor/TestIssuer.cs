using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>A test CSCA (key generated here, never a real issuer's) with one Document Signer certificate under it.</summary>
internal sealed class TestIssuer : IDisposable
{
    private readonly ECDsa _cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestIssuer(string name)
    {
        var now = DateTimeOffset.UtcNow;
        var request = new CertificateRequest($"C=UT, O=Utopia, CN=CSCA {name}", _cscaKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Csca = request.CreateSelfSigned(now.AddDays(-30), now.AddYears(5));
        var ds = new CertificateRequest($"C=UT, O=Utopia, CN=DS {name}", DsKey, HashAlgorithmName.SHA256);
        ds.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        ds.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Csca, true, false));
        Dsc = ds.Create(Csca.SubjectName, X509SignatureGenerator.CreateForECDsa(_cscaKey), now.AddDays(-20), now.AddYears(2), RandomNumberGenerator.GetBytes(8));
        CscaFingerprint = Convert.ToHexStringLower(SHA256.HashData(Csca.RawData));
    }

    public X509Certificate2 Csca { get; }

    public string CscaFingerprint { get; }

    public ECDsa DsKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public X509Certificate2 Dsc { get; }

    /// <summary>A link-shaped CA certificate for a fresh key, signed with this issuer's key under <paramref name="issuerName"/>.</summary>
    public X509Certificate2 IssueLink(X500DistinguishedName issuerName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        var request = new CertificateRequest(issuerName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.Create(issuerName, X509SignatureGenerator.CreateForECDsa(_cscaKey), now.AddDays(-1), now.AddYears(3), RandomNumberGenerator.GetBytes(8));
    }

    public void Dispose()
    {
        Csca.Dispose();
        Dsc.Dispose();
        DsKey.Dispose();
        _cscaKey.Dispose();
    }
}
