using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Vds;

namespace Credentials.Icao9303.Tests.Vds;

/// <summary>The adversarial classes of the VDS tests, for a VDS-NC (its signer is embedded): each with its reason.</summary>
public sealed class VdsNcAdversarialTests : IDisposable
{
    private readonly SealTestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void Verify_VdsNcBySealSigner_Valid()
    {
        var result = Verify(Seal(_pki.SealSignerKey, _pki.SealSigner.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Valid, result.Verdict);
        Assert.All(result.Checks, c => Assert.Equal(CheckStatus.Pass, c.Status));
    }

    [Fact]
    public void Verify_VdsNcAlteredMessageByte_InvalidSignature()
    {
        var seal = Seal(_pki.SealSignerKey, _pki.SealSigner.RawData);
        var at = Array.IndexOf(seal, (byte)'U', Encoding.UTF8.GetString(seal).IndexOf("\"uvci\":\"", StringComparison.Ordinal) + 8);
        seal[at] = (byte)'V';

        var result = Verify(seal);

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("seal.signature-invalid", Check(result, "seal.signature").Reason);
    }

    [Fact]
    public void Verify_VdsNcWithAnotherSignersCertificate_InvalidSignature()
    {
        var result = Verify(Seal(_pki.SealSignerKey, _pki.DocumentSigner.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("seal.signature-invalid", Check(result, "seal.signature").Reason);
    }

    [Fact]
    public void Verify_VdsNcSignerOfForgedSameNameCsca_InvalidChain()
    {
        using var forger = new SealTestPki(); // a CSCA of the same name with another key

        var result = Verify(Seal(forger.SealSignerKey, forger.SealSigner.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("seal.signature-valid", Check(result, "seal.signature").Reason);
        Assert.Equal("chain.signature-invalid", Check(result, "chain.csca").Reason);
    }

    [Fact]
    public void Verify_VdsNcSignedByDocumentSigner_InvalidRole()
    {
        var result = Verify(Seal(_pki.DocumentSignerKey, _pki.DocumentSigner.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("seal.signature-valid", Check(result, "seal.signature").Reason);
        Assert.Equal("role.document-type-other-role", Check(result, "signer.role").Reason);
    }

    [Fact]
    public void Verify_VdsNcSignedByCsca_InvalidRole()
    {
        var result = Verify(Seal(_pki.CscaKey, _pki.Csca.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("role.ca-certificate", Check(result, "signer.role").Reason);
    }

    [Fact]
    public void Verify_VdsNcUnknownHeaderMember_InvalidStructure()
    {
        var json = Encoding.UTF8.GetString(Seal(_pki.SealSignerKey, _pki.SealSigner.RawData)).Replace("\"hdr\":{", "\"hdr\":{\"x\":1,", StringComparison.Ordinal);

        var result = Verify(Encoding.UTF8.GetBytes(json));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("vdsnc.member-unexpected", Check(result, "seal.structure").Reason);
    }

    [Fact]
    public void Verify_VdsNcOversized_InvalidStructure()
    {
        var padding = new string(' ', VdsNcSeal.MaxEncodedLength);

        var result = Verify(Encoding.UTF8.GetBytes("{" + padding + "}"));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("vdsnc.too-large", Check(result, "seal.structure").Reason);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(-2)]
    public void Verify_VdsNcTruncated_InvalidStructure(int cut)
    {
        var seal = Seal(_pki.SealSignerKey, _pki.SealSigner.RawData);

        var result = Verify(cut > 0 ? seal[..cut] : seal[..^(-cut)]);

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("vdsnc.json-invalid", Check(result, "seal.structure").Reason);
    }

    private static PassiveAuthenticationCheck Check(SealVerificationResult result, string name) => Assert.Single(result.Checks, c => c.Name == name);

    private static byte[] Seal(ECDsa key, byte[] certificate)
    {
        using var message = JsonDocument.Parse("""{"uvci":"U32870","pid":{"n":"SPECIMEN"}}""");
        var data = VdsNcSeal.EncodeSignedData(new VdsNcHeader("icao.vacc", 1, "UTO"), message.RootElement);
        var signature = key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return VdsNcSeal.Create(data, "ES256", certificate, signature).Encode();
    }

    private SealVerificationResult Verify(byte[] seal)
    {
        using var store = new PassiveAuthenticationTrustStore([_pki.Csca.RawData], [_pki.Crl()]);
        using var verifier = new SealVerifier(store);
        return verifier.Verify(new SealVerificationRequest { Seal = seal, ValidationTime = SealTestPki.Now });
    }
}
