using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Cms;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Tests.PassiveAuthentication;
using Credentials.Icao9303.Tests.Vectors;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.Cms;

/// <summary>
/// CMS SignedData (RFC 5652) as Doc 9303 Part 10 section 4.6.2 and Part 12 section 9 use it. Real States' SODs and
/// Master Lists for what they show (one row per file with the corpus, one skip per theory without); a SOD made at test
/// time (<see cref="TestPassport"/>) for what any SOD shows.
/// </summary>
public sealed class CmsSignedDataTests
{
    public static IEnumerable<ITheoryDataRow> RealMasterLists() => IcaoVectors.Rows(new TheoryData<string, int>
    {
        { "DE_ML_2025-08-14-07-41-09.ml", 571 },
        { "NL_ML_2025-07-29.ml", 394 },
    });

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
    public void VerifySigner_SidIssuerInOtherRdnOrder_ValidAndWarnsNameDiffers()
    {
        // The SignerInfo names the DSC's issuer with its RDNs in the reverse order, as the Malaysian SOD of the corpus
        // does; the sid is outside the signed attributes, so the signature still holds.
        using var passport = TestPassport.Create(TestPassportKey.EcP256);
        var issuer = passport.CscaCertificate.SubjectName.RawData;
        var reversed = new X500DistinguishedName(string.Join(", ", passport.CscaCertificate.SubjectName.Name.Split(", ").Reverse())).RawData;
        Assert.Equal(issuer.Length, reversed.Length);
        Assert.False(issuer.AsSpan().SequenceEqual(reversed));
        var sod = passport.Sod.ToArray();
        var sid = sod.AsSpan().LastIndexOf(issuer);
        Assert.True(sid > passport.DscOffset, "the SignerInfo's issuer name follows the embedded DSC");
        reversed.CopyTo(sod, sid);

        var cms = CmsSignedData.Decode(SodSets.ContentInfoOf(sod));
        var result = cms.VerifySigner(cms.SignerInfos[0]);

        Assert.True(result.IsValid, result.FailureReason);
        Assert.Contains("cms.signer-issuer-name-differs", result.Warnings);
    }

    [Fact]
    public void VerifySigner_BareRsaEncryption_TakesHashFromDigestAlgorithm()
    {
        // signatureAlgorithm rsaEncryption with no hash in it, as in the AU, NZ and US SODs of the corpus.
        using var passport = TestPassport.Create(TestPassportKey.RsaPkcs1, variant: TestPassport.Variant.RsaEncryptionWithoutHash);
        var cms = CmsSignedData.Decode(SodSets.ContentInfoOf(passport.Sod));
        Assert.Equal(Oids.RsaEncryption, cms.SignerInfos[0].SignatureAlgorithmOid);
        var result = cms.VerifySigner(cms.SignerInfos[0]);
        Assert.True(result.IsValid);
        Assert.True(result.Algorithm!.HashFromDigestAlgorithm);
        Assert.Contains("cms.signature-algorithm-without-hash", result.Warnings);
    }

    [Fact]
    public void Decode_IndefiniteLengthOuterLayers_IsBerEncodedAndVerifies()
    {
        // ContentInfo, [0] and SignedData with indefinite lengths (BER, X.690 section 8.1.3.6), as in the New Zealand
        // SOD of the corpus; everything inside SignedData stays DER, so the signer still verifies.
        using var passport = TestPassport.Create(TestPassportKey.EcP256);
        var der = SodSets.ContentInfoOf(passport.Sod);
        var ber = WithIndefiniteLengths(der, depth: 3);
        Assert.Equal(0x80, ber[1]);

        var cms = CmsSignedData.Decode(ber);

        Assert.True(cms.IsBerEncoded);
        Assert.False(CmsSignedData.Decode(der).IsBerEncoded);
        Assert.True(cms.EContent!.Value.Span.SequenceEqual(CmsSignedData.Decode(der).EContent!.Value.Span));
        Assert.True(cms.VerifySigner(cms.SignerInfos[0]).IsValid);
    }

    [Theory]
    [MemberData(nameof(RealMasterLists))]
    public void Decode_MasterList_VerifiesSignerOverMasterListContent(string file, int cscaCount)
    {
        var cms = CmsSignedData.Decode(TestVectors.Read("master-lists", file));
        Assert.Equal(Oids.CscaMasterList, cms.EContentType);
        Assert.True(cms.EContent!.Value.Length > cscaCount * 500);
        var result = cms.VerifySigner(cms.SignerInfos[0]);
        Assert.True(result.IsValid, result.FailureReason);
    }

    [Theory]
    [InlineData(TestPassportKey.EcP256)]
    [InlineData(TestPassportKey.RsaPkcs1)]
    public void VerifySigner_OtherCertificateSupplied_ReportsMismatch(TestPassportKey key)
    {
        using var passport = TestPassport.Create(key);
        var cms = CmsSignedData.Decode(SodSets.ContentInfoOf(passport.Sod));
        var other = X509CertificateParts.Decode(passport.Csca);
        var result = cms.VerifySigner(cms.SignerInfos[0], other);
        Assert.False(result.IsValid);
        Assert.Equal("cms.signer-certificate-mismatch", result.FailureReason);
    }

    [Theory]
    [InlineData(TestPassportKey.EcP256)]
    [InlineData(TestPassportKey.RsaPss)]
    public void VerifySigner_FlippedSignatureByte_ReportsSignatureInvalid(TestPassportKey key)
    {
        using var passport = TestPassport.Create(key);
        var genuine = CmsSignedData.Decode(SodSets.ContentInfoOf(passport.Sod));
        Assert.True(genuine.VerifySigner(genuine.SignerInfos[0]).IsValid);
        var sod = (byte[])passport.Sod.Clone();
        sod[^3] ^= 0x01; // inside the signature value, the last element of the SignerInfo
        var cms = CmsSignedData.Decode(SodSets.ContentInfoOf(sod));
        var result = cms.VerifySigner(cms.SignerInfos[0]);
        Assert.Equal("cms.signature-invalid", result.FailureReason);
    }

    [Theory]
    [InlineData("content-type-id-data", "cms.not-signed-data")]
    [InlineData("no-signer-info", "cms.no-signer")]
    public void Decode_NegativeCms_ThrowsWithReason(string mutation, string reason)
    {
        // The two CMS negatives of gmrtd's suite, made from a genuine SOD's ContentInfo: the contentType is not
        // id-signedData, or the SignedData's signerInfos SET is empty.
        using var passport = TestPassport.Create();
        var genuine = SodSets.ContentInfoOf(passport.Sod);
        _ = CmsSignedData.Decode(genuine);
        var data = mutation == "content-type-id-data"
            ? RewriteContentInfo(genuine, Oids.Data, emptySignerInfos: false)
            : RewriteContentInfo(genuine, Oids.SignedData, emptySignerInfos: true);

        var ex = Assert.Throws<Icao9303FormatException>(() => CmsSignedData.Decode(data));
        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public void Decode_InvalidContentInfoLength_ThrowsFormatException()
    {
        using var passport = TestPassport.Create();
        var data = SodSets.ContentInfoOf(passport.Sod);
        Assert.Equal(0x82, data[1]); // a two-byte long-form length
        data[2] ^= 0x10; // the ContentInfo now claims 4 KiB more (or less) than there is
        var ex = Assert.Throws<Icao9303FormatException>(() => CmsSignedData.Decode(data));
        Assert.StartsWith("cms.", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Empty_ThrowsFormatException()
    {
        Assert.Throws<Icao9303FormatException>(() => CmsSignedData.Decode(ReadOnlyMemory<byte>.Empty));
    }

    /// <summary>
    /// Re-encodes a ContentInfo { contentType, [0] SignedData } with <paramref name="contentType"/>, and optionally
    /// with an empty signerInfos SET (RFC 5652 section 5.1); every other element is copied as it was.
    /// </summary>
    private static byte[] RewriteContentInfo(byte[] contentInfo, string contentType, bool emptySignerInfos)
    {
        var outer = new AsnReader(contentInfo, AsnEncodingRules.DER).ReadSequence();
        _ = outer.ReadObjectIdentifier();
        var explicitContent = new Asn1Tag(TagClass.ContextSpecific, 0, true);
        var signedData = outer.ReadSequence(explicitContent).ReadSequence();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(contentType);
            using (writer.PushSequence(explicitContent))
            using (writer.PushSequence())
            {
                while (signedData.HasData)
                {
                    var element = signedData.ReadEncodedValue();
                    var isSignerInfos = !signedData.HasData; // signerInfos is the last element of SignedData
                    if (isSignerInfos && emptySignerInfos)
                    {
                        using (writer.PushSetOf())
                        {
                            // no SignerInfo
                        }
                    }
                    else
                    {
                        writer.WriteEncodedValue(element.Span);
                    }
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>
    /// <paramref name="der"/> with its constructed values down to <paramref name="depth"/> levels re-encoded with
    /// indefinite lengths (0x80 ... end-of-contents); deeper values are copied as they are.
    /// </summary>
    private static byte[] WithIndefiniteLengths(ReadOnlyMemory<byte> der, int depth)
    {
        var output = new List<byte>();
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        while (reader.HasData)
        {
            var value = reader.ReadEncodedValue();
            var tag = Asn1Tag.Decode(value.Span, out var tagLength);
            if (depth == 0 || !tag.IsConstructed)
            {
                output.AddRange(value.Span);
                continue;
            }

            AsnDecoder.ReadEncodedValue(value.Span, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out _);
            output.AddRange(value.Span[..tagLength]);
            output.Add(0x80);
            output.AddRange(WithIndefiniteLengths(value.Slice(contentOffset, contentLength), depth - 1));
            output.AddRange([0x00, 0x00]);
        }

        return [.. output];
    }
}
