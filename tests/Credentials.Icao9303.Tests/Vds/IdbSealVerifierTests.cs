using System.Text;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Vds;
using Credentials.Icao9303.Vds.Idb;

namespace Credentials.Icao9303.Tests.Vds;

/// <summary>IDB through the one seal verifier: the same PKI, role, path and CRL checks as a VDS, and each adversarial class with its reason.</summary>
public sealed class IdbSealVerifierTests : IDisposable
{
    private readonly SealTestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Verify_IdbBySealSigner_Valid(bool embed, bool compress)
    {
        var result = Verify(IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner, embed, compress: compress).EncodeBytes());

        Assert.Equal(PassiveAuthenticationVerdict.Valid, result.Verdict);
        Assert.Equal(SealFormat.Idb, result.Format);
        Assert.All(result.Checks, c => Assert.Equal(CheckStatus.Pass, c.Status));
        Assert.Equal(embed ? "signer.embedded" : "signer.found", Check(result, "seal.signer-certificate").Reason);
        Assert.Equal("idb.profile-valid", Check(result, "seal.profile").Reason);
        Assert.Equal("crl.not-revoked", Check(result, "crl.signer").Reason);
        Assert.Equal(_pki.SealSigner.RawData, result.SignerCertificate!.Encoded.ToArray());
        Assert.NotNull(result.Idb);
    }

    [Fact]
    public void Verify_IdbAsTextWithNewline_Valid()
    {
        var text = IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner).Encode() + "\n";

        var result = Verify(Encoding.ASCII.GetBytes(text));

        Assert.Equal(PassiveAuthenticationVerdict.Valid, result.Verdict);
    }

    [Fact]
    public void Verify_IdbMaskedDateHeader_ValidWithWarnings()
    {
        var seal = IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner, dateEncoding: IdbSignatureDateEncoding.MaskedFourBytes);

        var result = Verify(seal.EncodeBytes());

        Assert.Equal(PassiveAuthenticationVerdict.ValidWithWarnings, result.Verdict);
        Assert.Equal("idb.header-date-masked", Check(result, "seal.structure").Reason);
        Assert.Equal("seal.signature-valid", Check(result, "seal.signature").Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_IdbAlteredMessageByte_InvalidSignature(bool embed)
    {
        var seal = IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner, embed);
        var payload = seal.Payload.ToArray();
        payload[seal.SignedData.Length - 1] ^= 0x01; // last byte of the CAN message
        var altered = "RDB1B" + IdbBarcodeTests.IdbBase32Text(payload);

        var result = Verify(Encoding.ASCII.GetBytes(altered));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("seal.signature-invalid", Check(result, "seal.signature").Reason);
    }

    [Fact]
    public void Verify_IdbWrongCertificateReference_SignerNotFoundIndeterminate()
    {
        var result = Verify(IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner, reference: [9, 9, 9, 9, 9]).EncodeBytes());

        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, result.Verdict);
        Assert.Equal("signer.not-found", Check(result, "seal.signer-certificate").Reason);
    }

    [Fact]
    public void Verify_IdbEmbeddedSignerWithWrongReference_Warning()
    {
        var result = Verify(IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner, embed: true, reference: [9, 9, 9, 9, 9]).EncodeBytes());

        Assert.Equal(PassiveAuthenticationVerdict.ValidWithWarnings, result.Verdict);
        Assert.Equal("idb.certificate-reference-mismatch", Check(result, "seal.signer-certificate").Reason);
        Assert.Equal("seal.signature-valid", Check(result, "seal.signature").Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_IdbSignedByDocumentSigner_InvalidRole(bool embed)
    {
        var result = Verify(IdbTestSeals.Signed(_pki.DocumentSignerKey, _pki.DocumentSigner, embed).EncodeBytes());

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal(CheckStatus.Pass, Check(result, "seal.signature").Status);
        Assert.Equal("role.document-type-other-role", Check(result, "signer.role").Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_IdbSignedByCsca_InvalidRole(bool embed)
    {
        var result = Verify(IdbTestSeals.Signed(_pki.CscaKey, _pki.Csca, embed).EncodeBytes(), extraSigner: _pki.Csca.RawData);

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal(CheckStatus.Pass, Check(result, "seal.signature").Status);
        Assert.Equal("role.ca-certificate", Check(result, "signer.role").Reason);
    }

    [Fact]
    public void Verify_IdbRevokedSealSigner_InvalidCrl()
    {
        var result = Verify(IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner).EncodeBytes(), _pki.Crl([0x1A, 0x2B, 0x3C]));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("crl.revoked", Check(result, "crl.signer").Reason);
    }

    [Fact]
    public void Verify_IdbUnknownMessageType_InvalidProfile()
    {
        var seal = IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner, edit: m => m.Add(new IdbMessage(0x42, new byte[] { 1 })));

        var result = Verify(seal.EncodeBytes());

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("idb.message-unknown", Check(result, "seal.profile").Reason);
        Assert.Equal(CheckStatus.Pass, Check(result, "seal.signature").Status);
    }

    [Theory]
    [InlineData(0x08, 61)]
    [InlineData(0x09, IdbMessageType.MaxVariableLength + 1)]
    public void Verify_IdbOversizedMessage_InvalidProfile(int tag, int length)
    {
        var seal = IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner, edit: m => m[m.FindIndex(x => x.Tag == tag)] = new IdbMessage((byte)tag, new byte[length]));

        var result = Verify(seal.EncodeBytes());

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("idb.message-length", Check(result, "seal.profile").Reason);
    }

    [Fact]
    public void Verify_IdbOversizedBarcode_InvalidStructure()
    {
        var result = Verify(Encoding.ASCII.GetBytes("RDB1B" + new string('A', IdbBarcode.MaxEncodedLength)));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("idb.too-large", Check(result, "seal.structure").Reason);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(40)]
    [InlineData(-20)]
    [InlineData(-110)]
    public void Verify_IdbTruncatedZone_InvalidStructure(int cut)
    {
        var payload = IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner).Payload.ToArray();
        var truncated = cut > 0 ? payload[..cut] : payload[..^(-cut)];

        var result = Verify(Encoding.ASCII.GetBytes("RDB1B" + IdbBarcodeTests.IdbBase32Text(truncated)));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("idb.truncated", Check(result, "seal.structure").Reason);
    }

    [Fact]
    public void Verify_UnsignedIdb_Invalid()
    {
        var result = Verify(Encoding.ASCII.GetBytes(PublicIdbBarcodes.MirkotpCompressedCan));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("idb.unsigned", Check(result, "seal.signature").Reason);
    }

    [Fact]
    public void Verify_VdstoolsResidenceWithoutItsSigner_IndeterminateWithMaskedDateWarning()
    {
        var result = Verify(Encoding.ASCII.GetBytes(PublicIdbBarcodes.CertifyingPermanentResidence));

        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, result.Verdict);
        Assert.Equal("idb.header-date-masked", Check(result, "seal.structure").Reason);
        Assert.Equal("idb.profile-valid", Check(result, "seal.profile").Reason);
        Assert.Equal("signer.not-found", Check(result, "seal.signer-certificate").Reason);
    }

    private static PassiveAuthenticationCheck Check(SealVerificationResult result, string name) => Assert.Single(result.Checks, c => c.Name == name);

    private SealVerificationResult Verify(byte[] seal, byte[]? crl = null, byte[]? extraSigner = null)
    {
        using var store = new PassiveAuthenticationTrustStore([_pki.Csca.RawData], [crl ?? _pki.Crl()]);
        using var verifier = new SealVerifier(store);
        return verifier.Verify(new SealVerificationRequest
        {
            Seal = seal,
            SignerCertificates = extraSigner is null ? [_pki.SealSigner.RawData, _pki.DocumentSigner.RawData] : [_pki.SealSigner.RawData, _pki.DocumentSigner.RawData, extraSigner],
            ValidationTime = SealTestPki.Now,
        });
    }
}
