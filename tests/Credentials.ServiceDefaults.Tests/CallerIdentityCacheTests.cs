using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.ServiceDefaults.Tls;

namespace Credentials.ServiceDefaults.Tests;

public sealed class CallerIdentityCacheTests
{
    [Fact]
    public void Of_SameCertificateTwice_ReturnsTheIdentityOfFromCertificate()
    {
        var cache = new CallerIdentityCache();
        using var certificate = Create(san => san.AddUri(new Uri("spiffe://credentials/relying-party")));

        var first = cache.Of(certificate);
        var second = cache.Of(certificate);

        Assert.Equal(CallerIdentity.FromCertificate(certificate), first);
        Assert.Same(first, second);
        Assert.Equal("relying-party", cache.NameOf(certificate));
    }

    [Fact]
    public void Of_TwoCertificates_KeepsTheirOwnIdentities()
    {
        var cache = new CallerIdentityCache();
        using var admin = Create(san => san.AddUri(new Uri("spiffe://credentials/admin")));
        using var relyingParty = Create(san => san.AddUri(new Uri("spiffe://credentials/relying-party")));

        Assert.Equal("admin", cache.NameOf(admin));
        Assert.Equal("relying-party", cache.NameOf(relyingParty));
        Assert.Equal("admin", cache.NameOf(admin));
    }

    [Fact]
    public void Of_NoCertificateOrNoSpiffeSan_ReturnsNull()
    {
        var cache = new CallerIdentityCache();
        using var dnsOnly = Create(san => san.AddDnsName("localhost"));

        Assert.Null(cache.Of(null));
        Assert.Null(cache.NameOf(null));
        Assert.Null(cache.Of(dnsOnly));
        Assert.Null(cache.NameOf(dnsOnly));
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
