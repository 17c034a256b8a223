using System.Text;
using Credentials.Barcodes;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303.Tests.Vds;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// Issue 19, trust-anchor VerifySeal over gRPC+mTLS as a relying party: the Australian VDS-NC, its CSCA imported by
/// admin, verified from the seal bytes and from a rendered QR picture; a seal signed with another key is INVALID.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class TrustAnchorSealTests(SuiteFixture suite)
{
    private static readonly Timestamp InsideValidity = Timestamp.FromDateTimeOffset(new DateTimeOffset(2021, 11, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task VerifySeal_AustralianVdsNcBytesAndQrPicture_ValidWithWarnings()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var admin = await TrustAnchorConnection.OpenAsync(suite, "admin", ct))
        {
            await TrustMaterialImports.ImportCscaAsync(admin.Client, PublicVdsNcSeals.Csca(), "AU CSCA of the VDS-NC test data", ct);
        }

        using var relyingParty = await TrustAnchorConnection.OpenAsync(suite, "relying-party", ct);
        var seal = Encoding.UTF8.GetBytes(PublicVdsNcSeals.Vaccination());

        var fromBytes = await relyingParty.Client.VerifySealAsync(
            new VerifySealRequest { Seal = ByteString.CopyFrom(seal), ValidationTime = InsideValidity }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
        var fromPicture = await relyingParty.Client.VerifySealAsync(
            new VerifySealRequest { BarcodeImage = ByteString.CopyFrom(SealBarcode.RenderPng(seal, moduleSize: 3)), ValidationTime = InsideValidity },
            deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);

        foreach (var response in new[] { fromBytes, fromPicture })
        {
            Assert.Equal(Verdict.ValidWithWarnings, response.Verdict);
            Assert.Equal(SealFormat.VdsNc, response.Format);
            Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "seal.signature").Status);
            Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "chain.csca").Status);
            Assert.Equal("ROLE_KEY_USAGE_ABSENT", response.Checks.Single(c => c.Name == "signer.role").Reason);
            Assert.NotEmpty(response.CertificatePath);
        }
    }

    [Fact]
    public async Task VerifySeal_AlteredVdsNcAndEmptyRequest_InvalidAndInvalidArgument()
    {
        var ct = TestContext.Current.CancellationToken;
        using var relyingParty = await TrustAnchorConnection.OpenAsync(suite, "relying-party", ct);

        var altered = await relyingParty.Client.VerifySealAsync(
            new VerifySealRequest { Seal = ByteString.CopyFrom(Encoding.UTF8.GetBytes(PublicVdsNcSeals.VaccinationAltered())), ValidationTime = InsideValidity },
            deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
        var empty = await Assert.ThrowsAsync<RpcException>(() => relyingParty.Client.VerifySealAsync(
            new VerifySealRequest(), deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct).ResponseAsync);

        Assert.Equal(Verdict.Invalid, altered.Verdict);
        Assert.Equal("SEAL_SIGNATURE_INVALID", altered.Checks.Single(c => c.Name == "seal.signature").Reason);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
    }

    [Fact]
    public async Task VerifySeal_IdbTextAndQrPictureWithEmbeddedSigner_SignerRolePathPass()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pki = new SealTestPki();
        using (var admin = await TrustAnchorConnection.OpenAsync(suite, "admin", ct))
        {
            await TrustMaterialImports.ImportCscaAsync(admin.Client, pki.Csca.RawData, "throw-away CSCA of the IDB test", ct);
        }

        using var relyingParty = await TrustAnchorConnection.OpenAsync(suite, "relying-party", ct);
        var seal = IdbTestSeals.Signed(pki.SealSignerKey, pki.SealSigner, embed: true, compress: true).EncodeBytes();
        var byDocumentSigner = IdbTestSeals.Signed(pki.DocumentSignerKey, pki.DocumentSigner, embed: true).EncodeBytes();
        var now = Timestamp.FromDateTimeOffset(SealTestPki.Now);

        var fromText = await relyingParty.Client.VerifySealAsync(
            new VerifySealRequest { Seal = ByteString.CopyFrom(seal), ValidationTime = now }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
        var fromPicture = await relyingParty.Client.VerifySealAsync(
            new VerifySealRequest { BarcodeImage = ByteString.CopyFrom(SealBarcode.RenderPng(seal, moduleSize: 3)), ValidationTime = now },
            deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
        var wrongRole = await relyingParty.Client.VerifySealAsync(
            new VerifySealRequest { Seal = ByteString.CopyFrom(byDocumentSigner), ValidationTime = now }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);

        foreach (var response in new[] { fromText, fromPicture })
        {
            Assert.Equal(SealFormat.Idb, response.Format);
            Assert.Contains(response.Verdict, new[] { Verdict.Valid, Verdict.ValidWithWarnings });
            Assert.All(response.Checks.Where(c => c.Name is not ("crl.signer" or "crl.csca")), c => Assert.Equal(CheckStatus.Pass, c.Status)); // no CRL imported for this CSCA
            Assert.NotEmpty(response.CertificatePath);
        }

        Assert.Equal(Verdict.Invalid, wrongRole.Verdict);
        Assert.Equal("ROLE_DOCUMENT_TYPE_OTHER_ROLE", wrongRole.Checks.Single(c => c.Name == "signer.role").Reason);
    }
}
