using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Vds;

namespace Credentials.Icao9303.Tests.Vds;

public sealed class VdsNcSealTests
{
    [Fact]
    public void Decode_AustralianVaccinationSeal_SignatureVerifiesOverCanonicalData()
    {
        var seal = VdsNcSeal.Decode(Encoding.UTF8.GetBytes(PublicVdsNcSeals.Vaccination()));

        Assert.Equal(new VdsNcHeader("icao.vacc", 1, "AUS"), seal.Header);
        Assert.Equal("ES256", seal.Algorithm);
        Assert.Equal(64, seal.SignatureValue.Length);
        Assert.StartsWith("{\"hdr\":{\"is\":\"AUS\",\"t\":\"icao.vacc\",\"v\":1},\"msg\":{\"pid\":", Encoding.UTF8.GetString(seal.SignedData.Span), StringComparison.Ordinal);
        var certificate = X509CertificateParts.Decode(seal.SignerCertificate);
        using var key = VerificationKey.FromSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo);
        Assert.True(SignatureVerifier.Verify(SignatureAlgorithm.FromOid(Oids.EcdsaPlainSha256, null), key, seal.SignedData.Span, seal.SignatureValue.Span));
    }

    [Fact]
    public void Decode_AlteredName_SignatureDoesNotVerify()
    {
        var seal = VdsNcSeal.Decode(Encoding.UTF8.GetBytes(PublicVdsNcSeals.VaccinationAltered()));

        var certificate = X509CertificateParts.Decode(seal.SignerCertificate);
        using var key = VerificationKey.FromSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo);
        Assert.False(SignatureVerifier.Verify(SignatureAlgorithm.FromOid(Oids.EcdsaPlainSha256, null), key, seal.SignedData.Span, seal.SignatureValue.Span));
    }

    [Fact]
    public void Encode_AustralianSeal_IsCanonicalAndStable()
    {
        var seal = VdsNcSeal.Decode(Encoding.UTF8.GetBytes(PublicVdsNcSeals.Vaccination()));

        var encoded = seal.Encode();
        var again = VdsNcSeal.Decode(encoded);

        Assert.Equal(encoded, again.Encode());
        Assert.Equal(seal.SignedData.ToArray(), again.SignedData.ToArray());
        Assert.Equal(seal.SignerCertificate.ToArray(), again.SignerCertificate.ToArray());
        Assert.DoesNotContain((byte)' ', encoded.AsSpan(0, 20).ToArray());
    }

    [Fact]
    public void Create_SignedWithFreshKey_VerifiesAndRoundTrips()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var message = JsonDocument.Parse("""{"uvci":"U1","pid":{"n":"ERIKSSON ANNA","dob":"1969-08-06"},"ve":[{"seq":2,"w":1.5e-7,"big":1e21}]}""");
        var data = VdsNcSeal.EncodeSignedData(new VdsNcHeader("icao.vacc", 1, "UTO"), message.RootElement);
        var signature = ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Seal Signer, C=UT", ecdsa, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var seal = VdsNcSeal.Create(data, "ES256", certificate.RawData, signature);

        Assert.Equal(
            """{"hdr":{"is":"UTO","t":"icao.vacc","v":1},"msg":{"pid":{"dob":"1969-08-06","n":"ERIKSSON ANNA"},"uvci":"U1","ve":[{"big":1e+21,"seq":2,"w":1.5e-7}]}}""",
            Encoding.UTF8.GetString(seal.SignedData.Span));
        Assert.True(ecdsa.VerifyData(seal.SignedData.Span, seal.SignatureValue.Span, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal(seal.Encode(), VdsNcSeal.Decode(seal.Encode()).Encode());
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(-5.5e-10, "-5.5e-10")]
    [InlineData(333333333.33333329, "333333333.3333333")]
    [InlineData(9007199254740991.0, "9007199254740991")]
    public void FormatNumber_Rfc8785Examples_MatchEcmaScript(double value, string expected)
    {
        Assert.Equal(expected, CanonicalJson.FormatNumber(value));
    }

    [Theory]
    [InlineData("""{"data":{"hdr":{"t":"icao.vacc","v":1,"is":"AUS"},"msg":{}},"sig":{"alg":"ES256","cer":"AA","sigvl":"AAAA"},"x":1}""", "vdsnc.member-unexpected")]
    [InlineData("""{"data":{"hdr":{"t":"icao.vacc","v":1},"msg":{}},"sig":{"alg":"ES256","cer":"AA","sigvl":"AAAA"}}""", "vdsnc.member-missing")]
    [InlineData("""{"data":{"hdr":{"t":"icao.vacc","v":1,"is":"AUS"},"msg":{}},"sig":{"alg":"RS256","cer":"AA","sigvl":"AAAA"}}""", "vdsnc.algorithm-unsupported")]
    [InlineData("""{"data":{"hdr":{"t":"icao.vacc","v":1,"is":"AUS"},"msg":{}},"sig":{"alg":"ES256","cer":"A*","sigvl":"AAAA"}}""", "vdsnc.base64-invalid")]
    [InlineData("""{"data":{"hdr":{"t":"icao.vacc","v":"1","is":"AUS"},"msg":{}},"sig":{"alg":"ES256","cer":"AA","sigvl":"AAAA"}}""", "vdsnc.header-invalid")]
    [InlineData("""{"data":{"hdr":{"t":"icao.vacc","v":1,"is":"AUS"},"msg":{"a":1,"a":2}},"sig":{"alg":"ES256","cer":"AA","sigvl":"AAAAAAAA"}}""", "vdsnc.json-invalid")]
    [InlineData("""{"data":{"hdr":{"t":"icao.vacc","v":1,"is":"AUS"},"msg":{}},"sig":{"alg":"ES256","cer":"AA","sigvl":"AAAA"}}""", "vdsnc.signature-invalid")]
    [InlineData("""{"data":""", "vdsnc.json-invalid")]
    [InlineData("""[]""", "vdsnc.json-invalid")]
    public void Decode_Malformed_ThrowsWithReason(string json, string reason)
    {
        var ex = Assert.Throws<Icao9303FormatException>(() => VdsNcSeal.Decode(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(reason, ex.Reason);
    }
}
