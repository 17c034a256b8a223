using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Sod;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Options;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;
using Credentials.Testing;

namespace Credentials.TrustAnchor.Tests;

/// <summary>VerifyDocument and VerifyCertificate over an in-memory store holding real CSCAs of the shared vectors.</summary>
public sealed class VerificationHandlerTests : IDisposable
{
    public static IEnumerable<ITheoryDataRow> VerifyDocument_RealSodWithItsCsca_SignatureAndPathPassCrlMissingWithoutDg1IndeterminateRows() => IcaoVectors.Rows(new TheoryData<string>
    {
        "gmrtd-pa-DE",
        "gmrtd-pa-FR",
        "zeropass-si-454CB206",
    });

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Theory]
    [MemberData(nameof(VerifyDocument_RealSodWithItsCsca_SignatureAndPathPassCrlMissingWithoutDg1IndeterminateRows))]
    public async Task VerifyDocument_RealSodWithItsCsca_SignatureAndPathPassCrlMissingWithoutDg1Indeterminate(string set)
    {
        using var provider = Provider(new TrustMaterial(1, [TestVectors.Read("sod", set, "CSCA.cer")], [], [], []));
        var handler = new VerifyDocumentHandler(provider, TimeProvider.System, _services.GetRequiredService<IMeterFactory>(), NullLogger<VerifyDocumentHandler>.Instance);

        var response = await handler.HandleAsync(Request(set), TestContext.Current.CancellationToken);

        // The sets carry no DG1 (privacy): the engine answers INDETERMINATE for missing evidence (docs/conformance.md).
        Assert.Equal(Verdict.Indeterminate, response.Verdict);
        Assert.StartsWith("EVIDENCE_", response.Checks.Single(c => c.Name == "evidence.dg1").Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Checks, c => c.Status == CheckStatus.Fail);
        Assert.Equal("CRL_MISSING", response.Checks.Single(c => c.Name == "crl.dsc").Reason);
        Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "sod.signature").Status);
        Assert.Equal(CertificateStatus.Valid, response.DocumentSignerCertificate.Status);
        Assert.Equal(CertificateKind.Csca, response.CertificatePath[^1].Kind);
        Assert.Equal(64, response.SecurityObject.SecurityObjectSha256.Length);
    }

    [Fact]
    public async Task VerifyDocument_EmptyStore_IndeterminateNoTrustAnchor()
    {
        using var provider = Provider(new TrustMaterial(1, [], [], [], []));
        var handler = new VerifyDocumentHandler(provider, TimeProvider.System, _services.GetRequiredService<IMeterFactory>(), NullLogger<VerifyDocumentHandler>.Instance);

        var response = await handler.HandleAsync(Request("gmrtd-pa-FR"), TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Indeterminate, response.Verdict);
        Assert.Equal("CHAIN_NO_TRUST_ANCHOR", response.Checks.Single(c => c.Name == "chain.csca").Reason);
        Assert.Empty(response.CertificatePath);
    }

    [Fact]
    public async Task VerifyDocument_RevocationNoticeForDsc_Invalid()
    {
        var dsc = TestVectors.Read("sod", "gmrtd-pa-FR", "DSC.cer");
        using var provider = Provider(new TrustMaterial(1, [TestVectors.Read("sod", "gmrtd-pa-FR", "CSCA.cer")], [], [], [CertificateSummaries.Fingerprint(dsc)]));
        var handler = new VerifyDocumentHandler(provider, TimeProvider.System, _services.GetRequiredService<IMeterFactory>(), NullLogger<VerifyDocumentHandler>.Instance);

        var response = await handler.HandleAsync(Request("gmrtd-pa-FR"), TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, response.Verdict);
        Assert.Equal("REVOCATION_NOTICE", response.Checks.Single(c => c.Name == "revocation.notice").Reason);
        Assert.Equal(CertificateStatus.Revoked, response.DocumentSignerCertificate.Status);
    }

    [Fact]
    public async Task VerifyDocument_RequireActiveAuthenticationWithoutIt_Indeterminate()
    {
        using var provider = Provider(new TrustMaterial(1, [TestVectors.Read("sod", "zeropass-si-454CB206", "CSCA.cer")], [], [], []));
        var handler = new VerifyDocumentHandler(provider, TimeProvider.System, _services.GetRequiredService<IMeterFactory>(), NullLogger<VerifyDocumentHandler>.Instance);
        var request = Request("zeropass-si-454CB206");
        request.Policy = new VerificationPolicy { RequireActiveAuthentication = true };

        var response = await handler.HandleAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Indeterminate, response.Verdict);
        Assert.Equal("AA_REQUIRED", response.Checks.Single(c => c.Name == "aa").Reason);
    }

    [Fact]
    public async Task VerifyCertificate_RealDscUnderItsCsca_PathAndCrlMissingWarning()
    {
        var csca = TestVectors.Read("sod", "gmrtd-pa-FR", "CSCA.cer");
        using var provider = Provider(new TrustMaterial(1, [csca], [], [], []));
        var handler = new VerifyCertificateHandler(provider, TimeProvider.System);

        var response = await handler.HandleAsync(new VerifyCertificateRequest
        {
            Certificate = ByteString.CopyFrom(TestVectors.Read("sod", "gmrtd-pa-FR", "DSC.cer")),
            ValidationTime = Timestamp.FromDateTimeOffset(InsideDscValidity("gmrtd-pa-FR")),
        }, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.ValidWithWarnings, response.Verdict);
        Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "chain.csca").Status);
        Assert.Equal("CRL_MISSING", response.Checks.Single(c => c.Name == "crl.certificate").Reason);
        Assert.Equal(CertificateSummaries.Fingerprint(csca), response.CertificatePath.Single().FingerprintSha256);
        Assert.Equal(CertificateKind.DocumentSigner, response.Certificate.Kind);
    }

    [Fact]
    public async Task VerifyCertificate_Garbage_InvalidWithStructureFailure()
    {
        using var provider = Provider(new TrustMaterial(1, [], [], [], []));
        var handler = new VerifyCertificateHandler(provider, TimeProvider.System);

        var response = await handler.HandleAsync(new VerifyCertificateRequest { Certificate = ByteString.CopyFrom([0x30, 0x03, 0x02, 0x01, 0x01]) }, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, response.Verdict);
        Assert.Equal(CheckStatus.Fail, response.Checks.Single(c => c.Name == "certificate.structure").Status);
    }

    [Fact]
    public async Task EnsureVersion_NewerMaterial_SnapshotReplaced()
    {
        var material = new InMemoryTrustMaterial(new TrustMaterial(1, [], [], [], []));
        using var provider = new TrustSnapshotProvider(material, material, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new TrustAnchorOptions()), NullLogger<TrustSnapshotProvider>.Instance);
        var first = await provider.GetAsync(TestContext.Current.CancellationToken);
        material.Replace(new TrustMaterial(2, [TestVectors.Read("sod", "gmrtd-pa-FR", "CSCA.cer")], [], [], []));

        await provider.EnsureVersionAsync(2, TestContext.Current.CancellationToken);

        var second = await provider.GetAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.Single(second.Store.Anchors);
        Assert.Equal(2, material.Loads);
    }

    private static TrustSnapshotProvider Provider(TrustMaterial initial)
    {
        var material = new InMemoryTrustMaterial(initial);
        return new TrustSnapshotProvider(material, material, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new TrustAnchorOptions()), NullLogger<TrustSnapshotProvider>.Instance);
    }

    private static DateTimeOffset InsideDscValidity(string set)
    {
        var dsc = X509CertificateParts.Decode(TestVectors.Read("sod", set, "DSC.cer"));
        return dsc.NotBefore + ((dsc.NotAfter - dsc.NotBefore) / 2);
    }

    private static VerifyDocumentRequest Request(string set)
    {
        var sod = TestVectors.Read("sod", set, "EF.SOD.bin");
        var request = new VerifyDocumentRequest
        {
            SecurityObject = ByteString.CopyFrom(sod),
            ValidationTime = Timestamp.FromDateTimeOffset(InsideDscValidity(set)),
        };
        foreach (var hash in EfSod.Decode(sod).SecurityObject.DataGroupHashes)
        {
            var path = Path.Combine(TestVectors.Root(), "sod", set, $"EF.DG{hash.DataGroupNumber}.bin");
            if (File.Exists(path))
            {
                request.DataGroups.Add(new DataGroupContent { Number = hash.DataGroupNumber, Content = ByteString.CopyFrom(File.ReadAllBytes(path)) });
            }
        }

        return request;
    }
}
