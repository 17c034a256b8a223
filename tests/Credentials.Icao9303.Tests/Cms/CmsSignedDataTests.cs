using Credentials.Icao9303.Cms;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Tests.Vectors;

namespace Credentials.Icao9303.Tests.Cms;

public sealed class CmsSignedDataTests
{
    [Theory]
    [MemberData(nameof(SodSets.AllData), MemberType = typeof(SodSets))]
    public void Decode_RealSod_FindsSignerAndVerifies(string set)
    {
        var sod = TestVectors.Read("sod", set, "EF.SOD.bin");
        var cms = CmsSignedData.Decode(SodSets.ContentInfoOf(sod));

        Assert.Contains(cms.EContentType, new[] { Oids.LdsSecurityObject, Oids.Data });
        Assert.NotNull(cms.EContent);
        var signer = Assert.Single(cms.SignerInfos);
        var certificate = cms.FindSignerCertificate(signer);
        Assert.NotNull(certificate);
        Assert.Equal(TestVectors.Read("sod", set, "DSC.cer"), certificate.Encoded.ToArray());

        var result = cms.VerifySigner(signer);
        Assert.True(result.IsValid, $"{set}: {result.FailureReason} {result.FailureDetail}");
        Assert.True(result.MessageDigestMatches);
        Assert.True(result.SignatureVerified);
    }

    [Fact]
    public void VerifySigner_MalaysianIssuerOrder_WarnsNameDiffers()
    {
        var cms = CmsSignedData.Decode(SodSets.ContentInfoOf(TestVectors.Read("sod", "gmrtd-pa-MY", "EF.SOD.bin")));
        var result = cms.VerifySigner(cms.SignerInfos[0]);
        Assert.True(result.IsValid);
        Assert.Contains("cms.signer-issuer-name-differs", result.Warnings);
    }

    [Theory]
    [InlineData("gmrtd-pa-AU")]
    [InlineData("gmrtd-pa-NZ")]
    [InlineData("gmrtd-pa-US")]
    public void VerifySigner_BareRsaEncryption_TakesHashFromDigestAlgorithm(string set)
    {
        var cms = CmsSignedData.Decode(SodSets.ContentInfoOf(TestVectors.Read("sod", set, "EF.SOD.bin")));
        var result = cms.VerifySigner(cms.SignerInfos[0]);
        Assert.True(result.IsValid);
        Assert.True(result.Algorithm!.HashFromDigestAlgorithm);
        Assert.Contains("cms.signature-algorithm-without-hash", result.Warnings);
    }

    [Fact]
    public void Decode_NewZealandIndefiniteLengths_IsBerEncoded()
    {
        var cms = CmsSignedData.Decode(SodSets.ContentInfoOf(TestVectors.Read("sod", "gmrtd-pa-NZ", "EF.SOD.bin")));
        Assert.True(cms.IsBerEncoded);
    }

    [Theory]
    [InlineData("DE_ML_2025-08-14-07-41-09.ml", 571)]
    [InlineData("NL_ML_2025-07-29.ml", 394)]
    public void Decode_MasterList_VerifiesSignerOverMasterListContent(string file, int cscaCount)
    {
        var cms = CmsSignedData.Decode(TestVectors.Read("master-lists", file));
        Assert.Equal(Oids.CscaMasterList, cms.EContentType);
        Assert.True(cms.EContent!.Value.Length > cscaCount * 500);
        var result = cms.VerifySigner(cms.SignerInfos[0]);
        Assert.True(result.IsValid, result.FailureReason);
    }

    [Fact]
    public void VerifySigner_OtherCertificateSupplied_ReportsMismatch()
    {
        var cms = CmsSignedData.Decode(SodSets.ContentInfoOf(TestVectors.Read("sod", "gmrtd-pa-FR", "EF.SOD.bin")));
        var other = X509CertificateParts.Decode(TestVectors.Read("sod", "gmrtd-pa-FR", "CSCA.cer"));
        var result = cms.VerifySigner(cms.SignerInfos[0], other);
        Assert.False(result.IsValid);
        Assert.Equal("cms.signer-certificate-mismatch", result.FailureReason);
    }

    [Fact]
    public void VerifySigner_FlippedSignatureByte_ReportsSignatureInvalid()
    {
        var sod = TestVectors.Read("sod", "gmrtd-pa-FR", "EF.SOD.bin");
        sod[^3] ^= 0x01; // inside the signature value, the last element of the SignerInfo
        var cms = CmsSignedData.Decode(SodSets.ContentInfoOf(sod));
        var result = cms.VerifySigner(cms.SignerInfos[0]);
        Assert.Equal("cms.signature-invalid", result.FailureReason);
    }

    [Theory]
    [InlineData("CMS_incorrect-signedData-OID.der", "cms.not-signed-data")]
    [InlineData("CMS_missing-signerInfo.der", "cms.no-signer")]
    public void Decode_NegativeCms_ThrowsWithReason(string file, string reason)
    {
        var data = TestVectors.Read("sod", "negative", "gmrtd", file);
        var ex = Assert.Throws<Icao9303FormatException>(() => CmsSignedData.Decode(data));
        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public void Decode_InvalidContentInfoLength_ThrowsFormatException()
    {
        var data = TestVectors.Read("sod", "negative", "gmrtd", "SG_CMS_invalid-contentInfo-length.der");
        var ex = Assert.Throws<Icao9303FormatException>(() => CmsSignedData.Decode(data));
        Assert.StartsWith("cms.", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Empty_ThrowsFormatException()
    {
        Assert.Throws<Icao9303FormatException>(() => CmsSignedData.Decode(ReadOnlyMemory<byte>.Empty));
    }
}
