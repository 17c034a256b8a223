using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.ServiceDefaults.Tls;

namespace Credentials.ServiceDefaults.Tests;

public sealed class CallerIdentityTests
{
    [Fact]
    public void FromCertificate_SpiffeUriSan_ReturnsIdentity()
    {
        using var certificate = Create(san => san.AddUri(new Uri("spiffe://credentials/document-signer")));

        var identity = CallerIdentity.FromCertificate(certificate);

        Assert.NotNull(identity);
        Assert.Equal("spiffe://credentials/document-signer", identity.SpiffeId);
        Assert.Equal("document-signer", identity.Name);
    }

    [Fact]
    public void FromCertificate_NoUriSan_ReturnsNull()
    {
        using var certificate = Create(san => san.AddDnsName("localhost"));
        Assert.Null(CallerIdentity.FromCertificate(certificate));
    }

    [Fact]
    public void FromCertificate_NonSpiffeUri_ReturnsNull()
    {
        using var certificate = Create(san => san.AddUri(new Uri("https://example.org/admin")));
        Assert.Null(CallerIdentity.FromCertificate(certificate));
    }

    private static X509Certificate2 Create(Action<SubjectAlternativeNameBuilder> addNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        addNames(san);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
    }
}
