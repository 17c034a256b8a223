using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Options;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials.TrustAnchor.Tests;

/// <summary>A CRL arriving in a new store version flips a DSC to revoked while the anchor layer is reused.</summary>
public sealed class RevocationTests
{
    [Fact]
    public async Task VerifyCertificate_CrlRevokingDscInNewVersion_RevokedAndAnchorsReused()
    {
        var now = DateTimeOffset.UtcNow;
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dscKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cscaRequest = new CertificateRequest("C=UT, O=Test, CN=Test CSCA", cscaKey, HashAlgorithmName.SHA256);
        cscaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        cscaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ski = new X509SubjectKeyIdentifierExtension(cscaRequest.PublicKey, false);
        cscaRequest.CertificateExtensions.Add(ski);
        using var csca = cscaRequest.CreateSelfSigned(now.AddDays(-10), now.AddYears(5));
        var generator = X509SignatureGenerator.CreateForECDsa(cscaKey);
        var dscRequest = new CertificateRequest("C=UT, O=Test, CN=Test DS", dscKey, HashAlgorithmName.SHA256);
        dscRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        dscRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        using var dsc = dscRequest.Create(csca.SubjectName, generator, now.AddDays(-5), now.AddYears(2), [0x42, 0x01]);
        var aki = X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski);
        var empty = new CertificateRevocationListBuilder().Build(csca.SubjectName, generator, 1, now.AddDays(30), HashAlgorithmName.SHA256, aki, now.AddHours(-2));
        var revokedBuilder = new CertificateRevocationListBuilder();
        revokedBuilder.AddEntry(dsc, now.AddMinutes(-30), X509RevocationReason.KeyCompromise);
        var revoking = revokedBuilder.Build(csca.SubjectName, generator, 2, now.AddDays(30), HashAlgorithmName.SHA256, aki, now.AddHours(-1));

        var material = new InMemoryTrustMaterial(new TrustMaterial(1, [csca.RawData], [], [empty], []));
        using var provider = new TrustSnapshotProvider(material, material, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new TrustAnchorOptions()), NullLogger<TrustSnapshotProvider>.Instance);
        var handler = new VerifyCertificateHandler(provider, TimeProvider.System);
        var request = new VerifyCertificateRequest { Certificate = ByteString.CopyFrom(dsc.RawData) };
        var ct = TestContext.Current.CancellationToken;

        var before = await handler.HandleAsync(request, ct);
        var firstLayer = (await provider.GetAsync(ct)).Anchors;
        material.Replace(new TrustMaterial(2, [csca.RawData], [], [revoking], []));
        await provider.EnsureVersionAsync(2, ct);
        var after = await handler.HandleAsync(request, ct);

        Assert.Equal(CheckStatus.Pass, before.Checks.Single(c => c.Name == "crl.certificate").Status);
        Assert.Equal(CertificateStatus.Revoked, after.Certificate.Status);
        Assert.Equal("CRL_REVOKED", after.Checks.Single(c => c.Name == "crl.certificate").Reason);
        Assert.Equal(Verdict.Invalid, after.Verdict);
        Assert.Same(firstLayer, (await provider.GetAsync(ct)).Anchors);
    }
}
