using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using System.Security.Cryptography;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Tests.PassiveAuthentication;
using Credentials.Icao9303.Tests.PassiveAuthentication.Adversarial;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Options;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;

namespace Credentials.TrustAnchor.Tests;

/// <summary>
/// VerifyDocument and VerifyCertificate over an in-memory store holding the CSCA of a passport made at test time
/// (<see cref="TestPassport"/>): these tests need <em>some</em> genuine SOD, not a particular State's; real States'
/// documents go through the same handler in the integration tests (TrustAnchorVerificationTests).
/// </summary>
public sealed class VerificationHandlerTests : IDisposable
{
    public static TheoryData<TestPassportKey> Keys => new(System.Enum.GetValues<TestPassportKey>());

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task VerifyDocument_SodWithItsCscaWithoutDg1_SignatureAndPathPassCrlMissingIndeterminate(TestPassportKey kind)
    {
        // Only DG2 is signed and presented: DG1 is the evidence the engine needs for a VALID verdict (docs/conformance.md).
        using var passport = TestPassport.Create(kind, new Dictionary<int, ReadOnlyMemory<byte>> { [2] = ForgeryPki.DataGroups()[2] });
        using var provider = Provider(new TrustMaterial(1, [passport.Csca], [], [], []));
        var handler = new VerifyDocumentHandler(provider, TimeProvider.System, _services.GetRequiredService<IMeterFactory>(), NullLogger<VerifyDocumentHandler>.Instance);

        var response = await handler.HandleAsync(Request(passport), TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Indeterminate, response.Verdict);
        Assert.StartsWith("EVIDENCE_", response.Checks.Single(c => c.Name == "evidence.dg1").Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Checks, c => c.Status == CheckStatus.Fail);
        Assert.Equal("CRL_MISSING", response.Checks.Single(c => c.Name == "crl.dsc").Reason);
        Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "sod.signature").Status);
        Assert.Equal(CertificateStatus.Valid, response.DocumentSignerCertificate.Status);
        Assert.Equal(CertificateKind.Csca, response.CertificatePath[^1].Kind);
        Assert.Equal(CertificateSummaries.Fingerprint(passport.Csca), response.CertificatePath[^1].FingerprintSha256);
        Assert.Equal(64, response.SecurityObject.SecurityObjectSha256.Length);
    }

    [Fact]
    public async Task VerifyDocument_EmptyStore_IndeterminateNoTrustAnchor()
    {
        using var passport = TestPassport.Create();
        using var provider = Provider(new TrustMaterial(1, [], [], [], []));
        var handler = new VerifyDocumentHandler(provider, TimeProvider.System, _services.GetRequiredService<IMeterFactory>(), NullLogger<VerifyDocumentHandler>.Instance);

        var response = await handler.HandleAsync(Request(passport), TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Indeterminate, response.Verdict);
        Assert.Equal("CHAIN_NO_TRUST_ANCHOR", response.Checks.Single(c => c.Name == "chain.csca").Reason);
        Assert.Empty(response.CertificatePath);
    }

    [Fact]
    public async Task VerifyDocument_RevocationNoticeForDsc_Invalid()
    {
        using var passport = TestPassport.Create();
        using var provider = Provider(new TrustMaterial(1, [passport.Csca], [], [], [CertificateSummaries.Fingerprint(passport.Dsc)]));
        var handler = new VerifyDocumentHandler(provider, TimeProvider.System, _services.GetRequiredService<IMeterFactory>(), NullLogger<VerifyDocumentHandler>.Instance);

        var response = await handler.HandleAsync(Request(passport), TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, response.Verdict);
        Assert.Equal("REVOCATION_NOTICE", response.Checks.Single(c => c.Name == "revocation.notice").Reason);
        Assert.Equal(CertificateStatus.Revoked, response.DocumentSignerCertificate.Status);
    }

    [Fact]
    public async Task VerifyDocument_RequireActiveAuthenticationWithoutIt_Indeterminate()
    {
        // A document with an Active Authentication key (DG15, Doc 9303 Part 11 section 6.1) but no challenge/response.
        using var aaKey = RSA.Create(2048);
        var groups = new Dictionary<int, ReadOnlyMemory<byte>>(ForgeryPki.DataGroups())
        {
            [15] = new DataGroup15(aaKey.ExportSubjectPublicKeyInfo()).Encode(),
        };
        using var passport = TestPassport.Create(TestPassportKey.EcP256, groups);
        using var provider = Provider(new TrustMaterial(1, [passport.Csca], [], [], []));
        var handler = new VerifyDocumentHandler(provider, TimeProvider.System, _services.GetRequiredService<IMeterFactory>(), NullLogger<VerifyDocumentHandler>.Instance);
        var request = Request(passport);
        request.Policy = new VerificationPolicy { RequireActiveAuthentication = true };

        var response = await handler.HandleAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Indeterminate, response.Verdict);
        Assert.Equal("AA_REQUIRED", response.Checks.Single(c => c.Name == "aa").Reason);
        Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "sod.signature").Status);
    }

    [Fact]
    public async Task VerifyCertificate_DscUnderItsCsca_PathAndCrlMissingWarning()
    {
        using var passport = TestPassport.Create();
        using var provider = Provider(new TrustMaterial(1, [passport.Csca], [], [], []));
        var handler = new VerifyCertificateHandler(provider, TimeProvider.System);

        var response = await handler.HandleAsync(new VerifyCertificateRequest
        {
            Certificate = ByteString.CopyFrom(passport.Dsc),
            ValidationTime = Timestamp.FromDateTimeOffset(TestPassport.Now),
        }, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.ValidWithWarnings, response.Verdict);
        Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "chain.csca").Status);
        Assert.Equal("CRL_MISSING", response.Checks.Single(c => c.Name == "crl.certificate").Reason);
        Assert.Equal(CertificateSummaries.Fingerprint(passport.Csca), response.CertificatePath.Single().FingerprintSha256);
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
        using var passport = TestPassport.Create();
        material.Replace(new TrustMaterial(2, [passport.Csca], [], [], []));

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

    /// <summary>The verification request of <paramref name="passport"/>: its SOD and data groups, at <see cref="TestPassport.Now"/>.</summary>
    private static VerifyDocumentRequest Request(TestPassport passport)
    {
        var request = new VerifyDocumentRequest
        {
            SecurityObject = ByteString.CopyFrom(passport.Sod),
            ValidationTime = Timestamp.FromDateTimeOffset(TestPassport.Now),
        };
        foreach (var (number, content) in passport.DataGroups.OrderBy(p => p.Key))
        {
            request.DataGroups.Add(new DataGroupContent { Number = number, Content = ByteString.CopyFrom(content.Span) });
        }

        return request;
    }
}
