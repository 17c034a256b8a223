using System.Diagnostics.Metrics;
using System.Text;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303.Tests.Vds;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Options;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials.TrustAnchor.Tests;

/// <summary>VerifySeal over an in-memory store: the Australian VDS-NC with its real CSCA and CRL, and generated VDS seals.</summary>
public sealed class VerifySealHandlerTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly SealTestPki _pki = new();

    public void Dispose()
    {
        _services.Dispose();
        _pki.Dispose();
    }

    [Fact]
    public async Task VerifySeal_AustralianVdsNcWithCscaAndCrl_ValidWithWarningForMissingKeyUsage()
    {
        using var provider = Provider(new TrustMaterial(1, [PublicVdsNcSeals.Csca()], [], [PublicVdsNcSeals.Crl()], []));

        var response = await Handler(provider).HandleAsync(new VerifySealRequest
        {
            Seal = ByteString.CopyFrom(Encoding.UTF8.GetBytes(PublicVdsNcSeals.Vaccination())),
            ValidationTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2021, 11, 1, 0, 0, 0, TimeSpan.Zero)),
        }, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.ValidWithWarnings, response.Verdict);
        Assert.Equal("ROLE_KEY_USAGE_ABSENT", Assert.Single(response.Checks, c => c.Status == CheckStatus.Warn).Reason);
        Assert.Equal(Contracts.TrustAnchor.V1.SealFormat.VdsNc, response.Format);
        Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "crl.signer").Status);
        Assert.Equal(CertificateKind.Csca, response.CertificatePath[^1].Kind);
        Assert.Equal("DFAT", response.SignerCertificate.Subject.Split("CN=")[1].Split(',')[0]);
    }

    [Fact]
    public async Task VerifySeal_VdsSignerFromStoreWithCrl_Valid()
    {
        using var provider = Provider(new TrustMaterial(1, [_pki.Csca.RawData], [_pki.SealSigner.RawData, _pki.DocumentSigner.RawData], [_pki.Crl()], []));

        var response = await Handler(provider).HandleAsync(Request(SealTestPki.VisaSeal(_pki.SealSignerKey)), TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Valid, response.Verdict);
        Assert.Equal(Contracts.TrustAnchor.V1.SealFormat.Vds, response.Format);
        Assert.All(response.Checks, c => Assert.Equal(CheckStatus.Pass, c.Status));
    }

    [Fact]
    public async Task VerifySeal_VdsSignedByDocumentSigner_InvalidRole()
    {
        using var provider = Provider(new TrustMaterial(1, [_pki.Csca.RawData], [_pki.DocumentSigner.RawData], [_pki.Crl()], []));

        var response = await Handler(provider).HandleAsync(Request(SealTestPki.VisaSeal(_pki.DocumentSignerKey, reference: "1A2B3D")), TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, response.Verdict);
        Assert.Equal("ROLE_DOCUMENT_TYPE_OTHER_ROLE", response.Checks.Single(c => c.Name == "signer.role").Reason);
    }

    [Fact]
    public async Task VerifySeal_SignerSuppliedAndRevokedOnCrl_Invalid()
    {
        using var provider = Provider(new TrustMaterial(1, [_pki.Csca.RawData], [], [_pki.Crl([0x1A, 0x2B, 0x3C])], []));
        var request = Request(SealTestPki.VisaSeal(_pki.SealSignerKey));
        request.SignerCertificates.Add(ByteString.CopyFrom(_pki.SealSigner.RawData));

        var response = await Handler(provider).HandleAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, response.Verdict);
        Assert.Equal("CRL_REVOKED", response.Checks.Single(c => c.Name == "crl.signer").Reason);
        Assert.Equal(CertificateStatus.Revoked, response.SignerCertificate.Status);
    }

    [Fact]
    public async Task VerifySeal_RevocationNotice_Invalid()
    {
        using var provider = Provider(new TrustMaterial(1, [_pki.Csca.RawData], [_pki.SealSigner.RawData], [_pki.Crl()], [CertificateSummaries.Fingerprint(_pki.SealSigner.RawData)]));

        var response = await Handler(provider).HandleAsync(Request(SealTestPki.VisaSeal(_pki.SealSignerKey)), TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, response.Verdict);
        Assert.Equal("REVOCATION_NOTICE", response.Checks.Single(c => c.Name == "revocation.notice").Reason);
    }

    [Fact]
    public async Task VerifySeal_BarcodeImageOfVisaSeal_Valid()
    {
        using var provider = Provider(new TrustMaterial(1, [_pki.Csca.RawData], [_pki.SealSigner.RawData], [_pki.Crl()], []));
        var request = new VerifySealRequest
        {
            BarcodeImage = ByteString.CopyFrom(Barcodes.SealBarcode.RenderPng(SealTestPki.VisaSeal(_pki.SealSignerKey))),
            ValidationTime = Timestamp.FromDateTimeOffset(SealTestPki.Now),
        };

        var response = await Handler(provider).HandleAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Valid, response.Verdict);
        Assert.Equal(Contracts.TrustAnchor.V1.SealFormat.Vds, response.Format);
    }

    [Fact]
    public async Task VerifySeal_IdbTextSignerFromStore_Valid()
    {
        using var provider = Provider(new TrustMaterial(1, [_pki.Csca.RawData], [_pki.SealSigner.RawData, _pki.DocumentSigner.RawData], [_pki.Crl()], []));

        var response = await Handler(provider).HandleAsync(Request(IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner).EncodeBytes()), TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Valid, response.Verdict);
        Assert.Equal(Contracts.TrustAnchor.V1.SealFormat.Idb, response.Format);
        Assert.All(response.Checks, c => Assert.Equal(CheckStatus.Pass, c.Status));
        Assert.Equal(CertificateKind.Csca, response.CertificatePath[^1].Kind);
    }

    [Fact]
    public async Task VerifySeal_BarcodeImageOfIdbWithEmbeddedSigner_Valid()
    {
        using var provider = Provider(new TrustMaterial(1, [_pki.Csca.RawData], [], [_pki.Crl()], []));
        var request = new VerifySealRequest
        {
            BarcodeImage = ByteString.CopyFrom(Barcodes.SealBarcode.RenderPng(IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner, embed: true, compress: true).EncodeBytes())),
            ValidationTime = Timestamp.FromDateTimeOffset(SealTestPki.Now),
        };

        var response = await Handler(provider).HandleAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Valid, response.Verdict);
        Assert.Equal(Contracts.TrustAnchor.V1.SealFormat.Idb, response.Format);
        Assert.All(response.Checks, c => Assert.Equal(CheckStatus.Pass, c.Status));
        Assert.Equal(CertificateKind.Csca, response.CertificatePath[^1].Kind);
    }

    [Fact]
    public async Task VerifySeal_IdbSignedByDocumentSigner_InvalidRole()
    {
        using var provider = Provider(new TrustMaterial(1, [_pki.Csca.RawData], [_pki.DocumentSigner.RawData], [_pki.Crl()], []));

        var response = await Handler(provider).HandleAsync(Request(IdbTestSeals.Signed(_pki.DocumentSignerKey, _pki.DocumentSigner).EncodeBytes()), TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, response.Verdict);
        Assert.Equal("ROLE_DOCUMENT_TYPE_OTHER_ROLE", response.Checks.Single(c => c.Name == "signer.role").Reason);
    }

    [Fact]
    public async Task VerifySeal_UnreadableBarcodeImage_InvalidArgument()
    {
        using var provider = Provider(new TrustMaterial(1, [], [], [], []));
        var request = new VerifySealRequest { BarcodeImage = ByteString.CopyFrom([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]) };

        var error = await Assert.ThrowsAsync<Core.CredentialsException>(() => Handler(provider).HandleAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal("BARCODE_UNREADABLE", error.Reason);
    }

    private static VerifySealRequest Request(byte[] seal) => new()
    {
        Seal = ByteString.CopyFrom(seal),
        ValidationTime = Timestamp.FromDateTimeOffset(SealTestPki.Now),
    };

    private VerifySealHandler Handler(TrustSnapshotProvider provider) =>
        new(provider, TimeProvider.System, _services.GetRequiredService<IMeterFactory>(), NullLogger<VerifySealHandler>.Instance);

    private static TrustSnapshotProvider Provider(TrustMaterial initial)
    {
        var material = new InMemoryTrustMaterial(initial);
        return new TrustSnapshotProvider(material, material, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new TrustAnchorOptions()), NullLogger<TrustSnapshotProvider>.Instance);
    }
}
