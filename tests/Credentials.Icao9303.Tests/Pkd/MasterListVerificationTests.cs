using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.Pkd;

public sealed class MasterListVerificationTests
{
    public static IEnumerable<ITheoryDataRow> VerifyMasterList_RealList_ValidWithSourcesCountRows() => IcaoVectors.Rows(new TheoryData<string, int, string>
    {
        { "DE_ML_2024-08-07-07-38-24.ml", 541, "DE" },
        { "DE_ML_2025-08-14-07-41-09.ml", 571, "DE" },
        { "DE_ML_2026-05-28-08-28-45.ml", 588, "DE" },
        { "NL_MASTERLIST_20211207.mls", 306, "NL" },
        { "NL_ML_2025-07-29.ml", 394, "NL" },
        { "NL_ML_2026-07-22.ml", 411, "NL" },
    });

    [Theory]
    [MemberData(nameof(VerifyMasterList_RealList_ValidWithSourcesCountRows))]
    public void VerifyMasterList_RealList_ValidWithSourcesCount(string file, int cscaCount, string state)
    {
        var bytes = TestVectors.Read("master-lists", file);

        var result = SignedListVerifier.VerifyMasterList(bytes);

        Assert.True(result.IsValid, $"{result.FailureReason}: {result.FailureDetail}");
        Assert.True(result.SignatureValid);
        Assert.True(result.SignerChained);
        Assert.Equal("list", result.IssuerSource);
        Assert.Equal(state, CscaMasterList.CountryOf(result.SignerCertificate!));
        Assert.Equal(state, CscaMasterList.CountryOf(result.IssuerCertificate!));
        Assert.NotNull(result.MasterList);
        Assert.Equal(cscaCount, result.MasterList.TotalEntries);
        Assert.Equal(cscaCount, result.MasterList.Certificates.Count + result.MasterList.Skipped.Count + result.MasterList.DuplicatesRemoved);
        Assert.True(result.MasterList.Countries.Count > 50);
    }

    [Fact]
    public void VerifyMasterList_WithGivenTrustAnchor_ChainsToIt()
    {
        // The list carries its own CSCA too (as real lists do): a given trust anchor is what the signer chains to.
        var (bytes, csca, certificates) = MadeMasterList();
        Assert.Contains(certificates, c => c.AsSpan().SequenceEqual(csca));

        var result = SignedListVerifier.VerifyMasterList(bytes, [csca]);

        Assert.True(result.IsValid, $"{result.FailureReason}: {result.FailureDetail}");
        Assert.Equal("trust", result.IssuerSource);
        Assert.True(result.IssuerCertificate!.Encoded.Span.SequenceEqual(csca));
    }

    [Fact]
    public void VerifyMasterList_TrustAnchorOfAnotherState_FailsNotChained()
    {
        var (bytes, _, _) = MadeMasterList();
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherState = MasterListBuilderTests.CreateCsca(otherKey);

        var result = SignedListVerifier.VerifyMasterList(bytes, [otherState.RawData]);

        Assert.False(result.IsValid);
        Assert.True(result.SignatureValid);
        Assert.Equal("ml.signer-not-chained", result.FailureReason);
    }

    [Fact]
    public void VerifyMasterList_FlippedByteInsideCertificateList_FailsMessageDigest()
    {
        var (bytes, _, certificates) = MadeMasterList();
        var second = bytes.AsSpan().IndexOf(certificates[1]);
        Assert.True(second > 0);
        bytes[second + (certificates[1].Length / 2)] ^= 0x01; // inside a listed certificate: the signed content changes

        var result = SignedListVerifier.VerifyMasterList(bytes);

        Assert.False(result.IsValid);
        Assert.Equal("cms.message-digest-mismatch", result.FailureReason);
    }

    [Fact]
    public void VerifyMasterList_FlippedByteInSignature_FailsSignature()
    {
        var (bytes, _, _) = MadeMasterList();
        var cms = Credentials.Icao9303.Cms.CmsSignedData.Decode(bytes);
        var signature = cms.SignerInfos[0].Signature.ToArray();
        var at = bytes.AsSpan().LastIndexOf(signature);
        Assert.True(at > 0);
        bytes[at + signature.Length - 5] ^= 0x40;

        var result = SignedListVerifier.VerifyMasterList(bytes);

        Assert.False(result.IsValid);
        Assert.Equal("cms.signature-invalid", result.FailureReason);
    }

    [Fact]
    public void VerifyMasterList_TruncatedFile_FailsWithFormatReason()
    {
        var (bytes, _, _) = MadeMasterList();
        Assert.True(SignedListVerifier.VerifyMasterList(bytes).IsValid);

        var result = SignedListVerifier.VerifyMasterList(bytes.AsMemory(0, bytes.Length - 100));

        Assert.False(result.IsValid);
        Assert.NotNull(result.FailureReason);
    }

    [Fact]
    public void Decode_MalformedInnerCertificate_SkippedAndReported()
    {
        var certificates = MadeCscas(3).Select(c => (ReadOnlyMemory<byte>)c).ToList();
        // A well-framed SEQUENCE that is not a certificate.
        certificates.Add(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 });
        var encoded = EncodeUnchecked(certificates);

        var decoded = CscaMasterList.Decode(encoded);

        Assert.Equal(3, decoded.Certificates.Count);
        var skipped = Assert.Single(decoded.Skipped);
        Assert.Equal("x509.malformed", skipped.Reason);
    }

    [Fact]
    public void Decode_DuplicateCertificates_Deduplicated()
    {
        var made = MadeCscas(2);
        ReadOnlyMemory<byte> first = made[0];

        var decoded = CscaMasterList.Decode(EncodeUnchecked([first, first, made[1]]));

        Assert.Equal(2, decoded.Certificates.Count);
        Assert.Equal(1, decoded.DuplicatesRemoved);
    }

    [Fact]
    public void Encode_Certificates_RoundTripsSortedAndDeduplicated()
    {
        var list = CscaMasterList.Decode(CscaMasterList.Encode(MadeCscas(20).Select(c => (ReadOnlyMemory<byte>)c)));
        var input = list.Certificates.Select(c => c.Encoded).Reverse().Append(list.Certificates[0].Encoded).ToList();

        var encoded = CscaMasterList.Encode(input);
        var again = CscaMasterList.Encode(list.Certificates.Select(c => c.Encoded));

        Assert.Equal(again, encoded);
        var decoded = CscaMasterList.Decode(encoded);
        Assert.Equal(list.Certificates.Count, decoded.Certificates.Count);
        Assert.Empty(decoded.Skipped);
        Assert.Equal(0, decoded.DuplicatesRemoved);
    }

    /// <summary>Self-signed CSCA certificates made at test time (P-256), as DER.</summary>
    private static List<byte[]> MadeCscas(int count)
    {
        var result = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var csca = MasterListBuilderTests.CreateCsca(key);
            result.Add(csca.RawData);
        }

        return result;
    }

    /// <summary>
    /// A CSCA Master List made at test time (Doc 9303 Part 12 §9): the signer's issuing CSCA and four more, signed by a
    /// Master List Signer (EKU 2.23.136.1.1.3) issued by that CSCA. Returns the list, the CSCA and the listed certificates.
    /// </summary>
    internal static (byte[] List, byte[] Csca, List<byte[]> Certificates) MadeMasterList()
    {
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = MasterListBuilderTests.CreateCsca(cscaKey);
        using var signer = MasterListBuilderTests.CreateSigner(csca, signerKey, "2.23.136.1.1.3");
        var certificates = new List<byte[]> { csca.RawData };
        certificates.AddRange(MadeCscas(4));
        var input = MasterListBuilder.PrepareSigning(certificates.Select(c => (ReadOnlyMemory<byte>)c), Oids.Sha256);
        var signature = signerKey.SignData(input.SignedAttributes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var list = MasterListBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, signer.RawData);
        return (list, csca.RawData, certificates);
    }

    private static byte[] EncodeUnchecked(IEnumerable<ReadOnlyMemory<byte>> items)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSetOf())
            {
                foreach (var item in items)
                {
                    writer.WriteEncodedValue(item.Span);
                }
            }
        }

        return writer.Encode();
    }
}
