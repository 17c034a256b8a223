using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Contracts.Ledger.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303.Vds;
using Credentials.IntegrationTests.Ledger;
using Credentials.IntegrationTests.Services;
using Credentials.IntegrationTests.TrustAnchor;
using Google.Protobuf;
using Grpc.Core;

namespace Credentials.IntegrationTests.DocumentSigner;

/// <summary>
/// Issue 19, issuance on the real stack: a CSCA in csca, a seal-signer key generated in SoftHSM and certified by csca
/// with the barcode signer profile, SignVisibleSeal, then trust-anchor's VerifySeal from the seal bytes and from the
/// PNG (VALID), the PNG read back by dmtxread / zbarimg, the signature checked by openssl, a tampered seal INVALID,
/// the seal.issued event in the ledger, and the refusal paths: a Document Signer key never signs a seal, a seal-signer
/// key never an EF.SOD.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class SealIssuanceTests(SuiteFixture suite)
{
    // Doc 9303 Part 7 Appendix: the MRV-A specimen, its first 72 MRZ characters (the visa profile's tag 0x01).
    private const string MrvA72 = "VCUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C<3UTO6908061F9406236";
    private static readonly TimeSpan PollLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task SignVisibleSeal_VisaBySealSignerKey_DecodedByDmtxreadAndValidAtTrustAnchor()
    {
        var ct = TestContext.Current.CancellationToken;
        using var signer = new DocumentSignerClientFixture(suite);
        var (key, documentType, cscaId) = await CreateSealKeyAsync(signer, "seal-visa");

        var response = await signer.Signer.SignVisibleSealAsync(VisaRequest(documentType), DocumentSignerClientFixture.Call);

        var sealBytes = response.Seal.ToByteArray();
        Assert.Equal(VisibleSealFormat.Vds, response.Format);
        Assert.False(response.Replayed);
        Assert.Equal(key.KeyId, response.SignerKeyId);
        var seal = VisibleDigitalSeal.Decode(sealBytes);
        Assert.Equal("UTO", seal.Header.IssuingCountry);
        Assert.Equal(MrvA72, seal.Find(0x01)!.ValueAsC40());
        Assert.Equal(sealBytes, await BarcodeDecoders.DataMatrixAsync(response.BarcodePng.ToByteArray()));
        AssertOpenSslVerifies(key.Certificate.Der.ToByteArray(), seal.SignedData.ToArray(), seal.Signature.ToArray());
        await PublishCrlAsync(signer, cscaId);

        using var relyingParty = await TrustAnchorConnection.OpenAsync(suite, "relying-party", ct);
        var fromBytes = await VerifyWhenCscaKnownAsync(relyingParty.Client, new VerifySealRequest { Seal = response.Seal, SignerCertificates = { key.Certificate.Der } });
        var fromPicture = await relyingParty.Client.VerifySealAsync(
            new VerifySealRequest { BarcodeImage = response.BarcodePng, SignerCertificates = { key.Certificate.Der } }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
        foreach (var verified in new[] { fromBytes, fromPicture })
        {
            Assert.True(verified.Verdict == Verdict.Valid, Describe(verified));
            Assert.Equal(Contracts.TrustAnchor.V1.SealFormat.Vds, verified.Format);
            Assert.Equal(key.Certificate.FingerprintSha256, verified.SignerCertificate.FingerprintSha256);
        }

        // One feature byte changed (the last MRZ byte): the signature no longer verifies.
        var tampered = (byte[])sealBytes.Clone();
        tampered[seal.SignedData.Length - 1] ^= 0x01;
        var invalid = await relyingParty.Client.VerifySealAsync(
            new VerifySealRequest { Seal = ByteString.CopyFrom(tampered), SignerCertificates = { key.Certificate.Der } }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
        Assert.Equal(Verdict.Invalid, invalid.Verdict);
        Assert.Equal(CheckStatus.Fail, invalid.Checks.Single(c => c.Name == "seal.signature").Status);
    }

    [Fact]
    public async Task SignVisibleSeal_VisaVerifiedWithoutSignerCertificate_TrustAnchorFindsTheSealSignerCscaCertified()
    {
        // The relying party passes only the seal: trust-anchor found the seal signer certificate in csca's
        // certificate.issued event (verified under the stored CSCA, role seal signer) and resolves the VDS header's
        // signer identifier and certificate reference against its store.
        var ct = TestContext.Current.CancellationToken;
        using var signer = new DocumentSignerClientFixture(suite);
        var (key, documentType, cscaId) = await CreateSealKeyAsync(signer, "seal-stored");
        var response = await signer.Signer.SignVisibleSealAsync(VisaRequest(documentType), DocumentSignerClientFixture.Call);
        await PublishCrlAsync(signer, cscaId);

        using var relyingParty = await TrustAnchorConnection.OpenAsync(suite, "relying-party", ct);
        var verified = await VerifyWhenCscaKnownAsync(relyingParty.Client, new VerifySealRequest { Seal = response.Seal });

        Assert.True(verified.Verdict == Verdict.Valid, Describe(verified));
        Assert.Equal(key.Certificate.FingerprintSha256, verified.SignerCertificate.FingerprintSha256);
        Assert.Equal(CertificateKind.SealSigner, verified.SignerCertificate.Kind);
    }

    [Fact]
    public async Task SignVisibleSeal_VdsNcBySealSignerKey_DecodedByZbarimgAndValidAtTrustAnchor()
    {
        var ct = TestContext.Current.CancellationToken;
        using var signer = new DocumentSignerClientFixture(suite);
        var (key, documentType, cscaId) = await CreateSealKeyAsync(signer, "seal-vdsnc");
        var request = new SignVisibleSealRequest
        {
            RequestId = DocumentSignerClientFixture.NewId(),
            DocumentType = documentType,
            VdsNc = new VdsNcContent { Type = "icao.test", Version = 1, IssuingCountry = "UTO", MessageJson = """{"pid":{"n":"ERIKSSON ANNA","dob":"1969-08-06"},"dat":{"sc":"2026-12-06T10:00:00Z"}}""" },
        };

        var response = await signer.Signer.SignVisibleSealAsync(request, DocumentSignerClientFixture.Call);

        Assert.Equal(VisibleSealFormat.VdsNc, response.Format);
        var sealBytes = response.Seal.ToByteArray();
        var seal = VdsNcSeal.Decode(sealBytes);
        Assert.Equal(key.Certificate.Der.ToByteArray(), seal.SignerCertificate.ToArray());
        Assert.Equal("ES256", seal.Algorithm);
        Assert.Equal(sealBytes, await BarcodeDecoders.QrAsync(response.BarcodePng.ToByteArray()));
        AssertOpenSslVerifies(key.Certificate.Der.ToByteArray(), seal.SignedData.ToArray(), seal.SignatureValue.ToArray());
        await PublishCrlAsync(signer, cscaId);

        using var relyingParty = await TrustAnchorConnection.OpenAsync(suite, "relying-party", ct);
        var fromBytes = await VerifyWhenCscaKnownAsync(relyingParty.Client, new VerifySealRequest { Seal = response.Seal });
        var fromPicture = await relyingParty.Client.VerifySealAsync(
            new VerifySealRequest { BarcodeImage = response.BarcodePng }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
        foreach (var verified in new[] { fromBytes, fromPicture })
        {
            Assert.True(verified.Verdict == Verdict.Valid, Describe(verified));
            Assert.Equal(Contracts.TrustAnchor.V1.SealFormat.VdsNc, verified.Format);
        }

        var altered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(sealBytes).Replace("ERIKSSON ANNA", "ERIKSSON ANNE", StringComparison.Ordinal));
        var invalid = await relyingParty.Client.VerifySealAsync(
            new VerifySealRequest { Seal = ByteString.CopyFrom(altered) }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
        Assert.Equal(Verdict.Invalid, invalid.Verdict);
    }

    [Fact]
    public async Task SignVisibleSeal_IdbBySealSignerKey_DecodedByZbarimgAndValidAtTrustAnchor()
    {
        var ct = TestContext.Current.CancellationToken;
        using var signer = new DocumentSignerClientFixture(suite);
        var (key, documentType, cscaId) = await CreateSealKeyAsync(signer, "seal-idb");
        var embedded = IdbRequest(documentType, embed: true, compress: true);
        var referenced = IdbRequest(documentType, embed: false, compress: false);

        var response = await signer.Signer.SignVisibleSealAsync(embedded, DocumentSignerClientFixture.Call);
        var byReference = await signer.Signer.SignVisibleSealAsync(referenced, DocumentSignerClientFixture.Call);

        Assert.Equal(VisibleSealFormat.Idb, response.Format);
        var sealBytes = response.Seal.ToByteArray();
        var seal = Credentials.Icao9303.Vds.Idb.IdbBarcode.Decode(sealBytes);
        Assert.StartsWith("RDB1D", Encoding.ASCII.GetString(sealBytes), StringComparison.Ordinal); // signed and compressed
        Assert.Equal("UTO", seal.Header.CountryIdentifier);
        Assert.Equal(Credentials.Icao9303.Vds.Idb.IdbSignatureAlgorithm.EcdsaSha256, seal.Header.SignatureAlgorithm);
        Assert.Equal(key.Certificate.Der.ToByteArray(), seal.SignerCertificate.ToArray());
        Assert.Equal(
            Credentials.Icao9303.Vds.Idb.IdbHeader.CertificateReferenceOf(key.Certificate.Der.Span),
            seal.Header.CertificateReference.ToArray());
        Assert.Equal("123456", seal.Messages.Single(m => m.Tag == 0x09).ValueAsC40());
        Assert.Equal(sealBytes, await BarcodeDecoders.QrAsync(response.BarcodePng.ToByteArray()));
        AssertOpenSslVerifies(key.Certificate.Der.ToByteArray(), seal.SignedData.ToArray(), seal.Signature.ToArray());
        Assert.StartsWith("RDB1B", byReference.Seal.ToStringUtf8(), StringComparison.Ordinal); // signed, not compressed, no certificate
        await PublishCrlAsync(signer, cscaId);

        using var relyingParty = await TrustAnchorConnection.OpenAsync(suite, "relying-party", ct);
        var fromBytes = await VerifyWhenCscaKnownAsync(relyingParty.Client, new VerifySealRequest { Seal = response.Seal });
        var fromPicture = await relyingParty.Client.VerifySealAsync(
            new VerifySealRequest { BarcodeImage = response.BarcodePng }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
        var fromStore = await VerifyWhenCscaKnownAsync(relyingParty.Client, new VerifySealRequest { Seal = byReference.Seal });
        foreach (var verified in new[] { fromBytes, fromPicture, fromStore })
        {
            Assert.True(verified.Verdict == Verdict.Valid, Describe(verified));
            Assert.Equal(Contracts.TrustAnchor.V1.SealFormat.Idb, verified.Format);
            Assert.Equal(key.Certificate.FingerprintSha256, verified.SignerCertificate.FingerprintSha256);
        }

        // The last byte of the CAN changed, re-assembled with the original signature: INVALID.
        var signedData = seal.SignedData.ToArray();
        signedData[^1] ^= 0x01;
        var tampered = Credentials.Icao9303.Vds.Idb.IdbBarcode.Create(signedData, seal.Signature.Span, seal.SignerCertificate.Span).EncodeBytes();
        var invalid = await relyingParty.Client.VerifySealAsync(
            new VerifySealRequest { Seal = ByteString.CopyFrom(tampered) }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
        Assert.Equal(Verdict.Invalid, invalid.Verdict);
        Assert.Equal(CheckStatus.Fail, invalid.Checks.Single(c => c.Name == "seal.signature").Status);
    }

    [Fact]
    public async Task SignVisibleSeal_SameRequestIdTwiceThenOtherBody_SameSealThenConflict()
    {
        using var signer = new DocumentSignerClientFixture(suite);
        var (_, documentType, _) = await CreateSealKeyAsync(signer, "seal-replay");
        var request = VisaRequest(documentType);

        var first = await signer.Signer.SignVisibleSealAsync(request, DocumentSignerClientFixture.Call);
        var again = await signer.Signer.SignVisibleSealAsync(request, DocumentSignerClientFixture.Call);
        var changed = request.Clone();
        changed.Vds.IssuingCountry = "UTA";
        var conflict = await Assert.ThrowsAsync<RpcException>(() => signer.Signer.SignVisibleSealAsync(changed, DocumentSignerClientFixture.Call).ResponseAsync);

        Assert.True(again.Replayed);
        Assert.Equal(first.Seal, again.Seal);
        Assert.Equal(first.BarcodePng, again.BarcodePng);
        Assert.Equal(first.SealId, again.SealId);
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        Assert.Equal("REQUEST_ID_CONFLICT", Csca.CscaClientFixture.Reason(conflict));
        Assert.Equal(1, await CountSealEventsAsync(first.SealId));
    }

    [Fact]
    public async Task SignVisibleSeal_OnlyDocumentSignerKeyForType_NoActiveSignerKeyAndSealKeyNeverSignsSod()
    {
        using var signer = new DocumentSignerClientFixture(suite);
        var csca = await signer.CreateCscaAsync(Csca.CscaClientFixture.NewCscaId("seal-refusal"));
        var dsType = await signer.NewUncoveredDocumentTypeAsync();
        var dsKey = await signer.CreateSignerKeyAsync(csca.CscaId, dsType);
        var (_, sealType, _) = await CreateSealKeyAsync(signer, "seal-refusal-ss");

        // A Document Signer key is ACTIVE for dsType, but a seal is signed only by a seal-signer key.
        var sealByDs = await Assert.ThrowsAsync<RpcException>(() => signer.Signer.SignVisibleSealAsync(VisaRequest(dsType), DocumentSignerClientFixture.Call).ResponseAsync);
        // A seal-signer key is ACTIVE for sealType, but an EF.SOD is signed only by a Document Signer key.
        var sodBySeal = await Assert.ThrowsAsync<RpcException>(() =>
            signer.Signer.SignSecurityObjectAsync(DocumentSignerClientFixture.SignRequest(sealType, 1, out _), DocumentSignerClientFixture.Call).ResponseAsync);
        // An RSA seal-signer key is refused before anything is generated (seals are ECDSA).
        var rsaSealKey = new CreateSignerKeyRequest
        {
            RequestId = DocumentSignerClientFixture.NewId(),
            KeyAlgorithm = KeyAlgorithm.Rsa2048,
            CscaId = csca.CscaId,
            SignerKind = SignerKind.SealSigner,
            DocumentTypes = { sealType },
        };
        var rsa = await Assert.ThrowsAsync<RpcException>(() => signer.Signer.CreateSignerKeyAsync(rsaSealKey, DocumentSignerClientFixture.Call).ResponseAsync);

        Assert.Equal(SignerKind.DocumentSigner, dsKey.SignerKind);
        foreach (var refused in new[] { sealByDs, sodBySeal })
        {
            Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
            Assert.Equal("NO_ACTIVE_SIGNER_KEY", Csca.CscaClientFixture.Reason(refused));
        }

        Assert.Equal(StatusCode.InvalidArgument, rsa.StatusCode);
        Assert.Equal("KEY_ALGORITHM_NOT_ALLOWED", Csca.CscaClientFixture.Reason(rsa));
        var listed = await signer.Signer.ListSignerKeysAsync(new ListSignerKeysRequest { DocumentType = sealType, SignerKind = SignerKind.SealSigner }, DocumentSignerClientFixture.Call);
        Assert.All(listed.SignerKeys, k => Assert.Equal(SignerKind.SealSigner, k.SignerKind));
        Assert.NotEmpty(listed.SignerKeys);
    }

    [Fact]
    public async Task SignVisibleSeal_SealIssued_ReachesTheLedger()
    {
        using var signer = new DocumentSignerClientFixture(suite);
        using var ledger = new LedgerTestClient(suite);
        var (key, documentType, _) = await CreateSealKeyAsync(signer, "seal-ledger");

        var response = await signer.Signer.SignVisibleSealAsync(VisaRequest(documentType), DocumentSignerClientFixture.Call);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        ListEventsResponse entries;
        do
        {
            entries = await ledger.Ledger.ListEventsAsync(
                new ListEventsRequest { AggregateKey = response.SealId, EventTypes = { "seal.issued" } }, LedgerTestClient.Call);
            if (entries.Entries.Count > 0)
            {
                break;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        var entry = Assert.Single(entries.Entries);
        Assert.Equal("document-signer", entry.Event.Producer);
        var issued = entry.Event.Payload.Unpack<Contracts.Events.V1.SealIssued>();
        Assert.Equal(response.SealSha256, issued.SealSha256);
        Assert.Equal("visa", issued.Profile);
        Assert.Equal("vds", issued.Format);
        Assert.Equal(key.Certificate.FingerprintSha256, issued.SignerCertificateFingerprintSha256);
    }

    /// <summary>A visa seal request: the MRV-A specimen MRZ, a 30-day stay, the passport number.</summary>
    public static SignVisibleSealRequest VisaRequest(string documentType)
    {
        var content = new VdsContent { Profile = VdsProfile.Visa, IssuingCountry = "UTO" };
        content.Features.Add(new VdsFeatureValue { Tag = 0x01, Text = MrvA72 });
        content.Features.Add(new VdsFeatureValue { Tag = 0x04, Binary = ByteString.CopyFrom(30, 0, 0) });
        content.Features.Add(new VdsFeatureValue { Tag = 0x05, Text = "L898902C<" });
        return new SignVisibleSealRequest { RequestId = DocumentSignerClientFixture.NewId(), DocumentType = documentType, Vds = content };
    }

    /// <summary>An IDB request: the TD3 specimen MRZ (message type 0x08) and a CAN (0x09).</summary>
    public static SignVisibleSealRequest IdbRequest(string documentType, bool embed, bool compress)
    {
        var content = new IdbContent { IssuingCountry = "UTO", EmbedSignerCertificate = embed, Compress = compress };
        content.Messages.Add(new IdbMessageValue { Type = 0x08, Text = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10" });
        content.Messages.Add(new IdbMessageValue { Type = 0x09, Text = "123456" });
        return new SignVisibleSealRequest { RequestId = DocumentSignerClientFixture.NewId(), DocumentType = documentType, Idb = content };
    }

    /// <summary>A CSCA of its own and an ACTIVE P-256 seal-signer key (HSM) certified by it for a document type no other key covers.</summary>
    internal static async Task<(SignerKey Key, string DocumentType, string CscaId)> CreateSealKeyAsync(DocumentSignerClientFixture signer, string prefix)
    {
        var csca = await signer.CreateCscaAsync(Csca.CscaClientFixture.NewCscaId(prefix));
        var documentType = await signer.NewUncoveredDocumentTypeAsync();
        var request = new CreateSignerKeyRequest
        {
            RequestId = DocumentSignerClientFixture.NewId(),
            KeyAlgorithm = KeyAlgorithm.EcP256,
            CscaId = csca.CscaId,
            SignerKind = SignerKind.SealSigner,
            Activate = true,
            DocumentTypes = { documentType },
        };
        var key = (await signer.Signer.CreateSignerKeyAsync(request, DocumentSignerClientFixture.Call)).SignerKey;

        Assert.Equal(SignerKind.SealSigner, key.SignerKind);
        Assert.StartsWith("ss-", key.KeyId, StringComparison.Ordinal);
        using var certificate = X509CertificateLoader.LoadCertificate(key.Certificate.Der.ToByteArray());
        var eku = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.True(eku.Critical);
        Assert.Equal(["2.23.136.1.1.14.2"], eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        return (key, documentType, csca.CscaId);
    }

    internal static async Task PublishCrlAsync(DocumentSignerClientFixture signer, string cscaId) =>
        await signer.Csca.PublishCrlAsync(new PublishCrlRequest { RequestId = DocumentSignerClientFixture.NewId(), CscaId = cscaId }, DocumentSignerClientFixture.Call);

    /// <summary>VerifySeal, repeated until trust-anchor has taken in the new CSCA and its CRL from csca's events.</summary>
    private static async Task<VerifySealResponse> VerifyWhenCscaKnownAsync(TrustAnchorService.TrustAnchorServiceClient client, VerifySealRequest request)
    {
        var ct = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow + PollLimit;
        while (true)
        {
            var response = await client.VerifySealAsync(request, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
            var known = response.Checks.Any(c => c.Name == "chain.csca" && c.Status == CheckStatus.Pass)
                && response.Checks.Any(c => c.Name == "crl.signer" && c.Status == CheckStatus.Pass);
            if (known || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(250, ct);
        }
    }

    private static string Describe(VerifySealResponse response) =>
        $"{response.Verdict}: " + string.Join("; ", response.Checks.Select(c => $"{c.Name}={c.Status} {c.Reason}"));

    /// <summary>openssl checks the plain r ‖ s, re-wrapped as ECDSA-Sig-Value, with the certificate's key over the signed bytes.</summary>
    private static void AssertOpenSslVerifies(byte[] certificateDer, byte[] signedData, byte[] plainSignature)
    {
        using var openssl = OpenSsl.Create();
        var half = plainSignature.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(plainSignature.AsSpan(0, half));
            writer.WriteIntegerUnsigned(plainSignature.AsSpan(half));
        }

        var certificate = openssl.WriteCertificate("seal-signer.pem", certificateDer);
        var (exit, key) = openssl.Run("x509", "-in", certificate, "-pubkey", "-noout");
        Assert.Equal(0, exit);
        var keyFile = openssl.WriteFile("seal-signer-key.pem", Encoding.ASCII.GetBytes(key));
        var data = openssl.WriteFile("seal.bin", signedData);
        var signatureFile = openssl.WriteFile("seal.sig", writer.Encode());

        var (code, output) = openssl.Run("dgst", "-sha256", "-verify", keyFile, "-signature", signatureFile, data);

        Assert.True(code == 0, output);
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);
    }

    private static async Task<long> CountSealEventsAsync(string sealId)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("CRED_PG_CONNECTION")!);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM document_signer.outbox_messages WHERE aggregate_key = @key AND event_type = 'seal.issued'");
        command.Parameters.AddWithValue("key", sealId);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
