using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials.TrustAnchor.Tests;

/// <summary>GetTrustStoreStatus (issue 16 item 5, <c>credctl status</c>): what the snapshot in use holds and when it was built.</summary>
public sealed class GetTrustStoreStatusHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task HandleAsync_SnapshotWithCscasLinkCrlAndSigner_CountsEachKindAndReportsBuiltAt()
    {
        using var nlKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var nlNewKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var deKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var nl = Csca("C=NL, O=Test, CN=CSCA NL", nlKey);
        using var de = Csca("C=DE, O=Test, CN=CSCA DE", deKey);
        // Doc 9303 Part 12 section 7: a link certificate has the CSCA's name and new key, signed with the old key.
        using var link = Issued(nl, nlKey, "C=NL, O=Test, CN=CSCA NL", nlNewKey, ca: true, serial: 0x10);
        using var dsc = Issued(nl, nlKey, "C=NL, O=Test, CN=DS NL", nlNewKey, ca: false, serial: 0x42);
        var crl = new CertificateRevocationListBuilder().Build(nl, 1, Now.AddDays(30), HashAlgorithmName.SHA256, thisUpdate: Now);
        var unlisted = Convert.ToHexStringLower(SHA256.HashData(de.RawData));
        var material = new InMemoryTrustMaterial(new TrustMaterial(7, [nl.RawData, de.RawData, link.RawData], [dsc.RawData], [crl], ["ab", "cd"], [unlisted]));
        var clock = new SteppedClock(Now);
        using var provider = new TrustSnapshotProvider(material, material, clock, Microsoft.Extensions.Options.Options.Create(new TrustAnchorOptions()), NullLogger<TrustSnapshotProvider>.Instance);
        var handler = new GetTrustStoreStatusHandler(provider);

        var status = await handler.HandleAsync(new GetTrustStoreStatusRequest(), TestContext.Current.CancellationToken);

        Assert.Equal(7, status.StoreVersion);
        Assert.Equal(Now, status.SnapshotBuiltAt.ToDateTimeOffset());
        Assert.Equal(3, status.AnchorCount);
        Assert.Equal(2, status.CscaCount);
        Assert.Equal(1, status.LinkCount);
        Assert.Equal(2, status.CountryCount);
        Assert.Equal(1, status.CrlCount);
        Assert.Equal(1, status.DocumentSignerCount);
        Assert.Equal(1, status.UnlistedAnchorCount);
        Assert.Equal(2, status.RevocationNoticeCount);
        Assert.Equal(0, status.SkippedCount);
    }

    [Fact]
    public async Task HandleAsync_StoreChangedAndReloaded_ReportsTheNewVersionAndItsBuildTime()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = Csca("C=NL, O=Test, CN=CSCA NL", key);
        var material = new InMemoryTrustMaterial(new TrustMaterial(1, [csca.RawData], [], [], []));
        var clock = new SteppedClock(Now);
        using var provider = new TrustSnapshotProvider(material, material, clock, Microsoft.Extensions.Options.Options.Create(new TrustAnchorOptions()), NullLogger<TrustSnapshotProvider>.Instance);
        var handler = new GetTrustStoreStatusHandler(provider);
        var ct = TestContext.Current.CancellationToken;
        var first = await handler.HandleAsync(new GetTrustStoreStatusRequest(), ct);

        clock.Now = Now.AddMinutes(5);
        material.Replace(new TrustMaterial(2, [], [], [], []));
        await provider.EnsureVersionAsync(2, ct);
        var second = await handler.HandleAsync(new GetTrustStoreStatusRequest(), ct);

        Assert.Equal((1L, 1, Now), (first.StoreVersion, first.AnchorCount, first.SnapshotBuiltAt.ToDateTimeOffset()));
        Assert.Equal((2L, 0, Now.AddMinutes(5)), (second.StoreVersion, second.AnchorCount, second.SnapshotBuiltAt.ToDateTimeOffset()));
    }

    private static X509Certificate2 Csca(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(5));
    }

    private static X509Certificate2 Issued(X509Certificate2 issuer, ECDsa issuerKey, string subject, ECDsa key, bool ca, byte serial)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, ca, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(ca ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), Now.AddDays(-1), Now.AddYears(3), [serial, 0x01]);
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class SteppedClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
