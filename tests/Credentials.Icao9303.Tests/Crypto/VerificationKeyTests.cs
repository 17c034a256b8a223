using System.Formats.Asn1;
using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Tests.PassiveAuthentication;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Credentials.Icao9303.Tests.Crypto;

public sealed class VerificationKeyTests
{
    private static readonly byte[] Message = "LDSSecurityObject"u8.ToArray();

    [Theory]
    [InlineData("brainpoolP256r1")]
    [InlineData("brainpoolP384r1")]
    [InlineData("brainpoolP512r1")]
    [InlineData("secp256r1")]
    public void FromSubjectPublicKeyInfo_ExplicitParametersOfNamedCurve_LoadsAsThatCurveAndVerifies(string curve)
    {
        var x9 = ECNamedCurveTable.GetByName(curve);
        var (spki, signature) = SignWithExplicitKey(x9.Curve, x9.G, x9.N, x9.H);

        using var key = VerificationKey.FromSubjectPublicKeyInfo(spki);
        Assert.True(key.HasExplicitParameters);
        Assert.Equal(curve, key.CurveName);
        Assert.Equal(spki, key.SubjectPublicKeyInfo.ToArray());
        Assert.EndsWith("(explicit)", key.Description, StringComparison.Ordinal);
        var algorithm = SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null);
        Assert.True(SignatureVerifier.Verify(algorithm, key, Message, signature));
        signature[^1] ^= 0x01;
        Assert.False(SignatureVerifier.Verify(algorithm, key, Message, signature));
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_ExplicitCurveWithOtherGenerator_IsNotTakenForTheNamedCurve()
    {
        // brainpoolP256r1 with G replaced by 2G: same p, a, b, n, h but a different curve definition. Loading it as the
        // named curve would verify against the wrong generator; it must stay an unknown explicit curve.
        var x9 = ECNamedCurveTable.GetByName("brainpoolP256r1");
        var otherGenerator = x9.G.Multiply(BcBigInteger.Two).Normalize();
        var (spki, signature) = SignWithExplicitKey(x9.Curve, otherGenerator, x9.N, x9.H);

        using var key = VerificationKey.FromSubjectPublicKeyInfo(spki);
        Assert.True(key.HasExplicitParameters);
        Assert.Null(key.CurveName);
        var algorithm = SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null);
        Assert.True(SignatureVerifier.Verify(algorithm, key, Message, signature));
        signature[^1] ^= 0x01;
        Assert.False(SignatureVerifier.Verify(algorithm, key, Message, signature));
    }

    [Theory]
    [InlineData("brainpoolP256r1")]
    [InlineData("secp256r1")]
    public void FromSubjectPublicKeyInfo_ExplicitParametersPointNotOnCurve_Throws(string curve)
    {
        var x9 = ECNamedCurveTable.GetByName(curve);
        var (spki, _) = SignWithExplicitKey(x9.Curve, x9.G, x9.N, x9.H);
        spki[^1] ^= 0x01; // last byte of Q's y coordinate

        var ex = Assert.Throws<Icao9303FormatException>(() => VerificationKey.FromSubjectPublicKeyInfo(spki));
        Assert.Equal("crypto.public-key", ex.Reason);
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_NamedCurvePointNotOnCurve_Throws()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
        var spki = ec.ExportSubjectPublicKeyInfo();
        spki[^1] ^= 0x01;

        Assert.Throws<Icao9303FormatException>(() => VerificationKey.FromSubjectPublicKeyInfo(spki));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(743)]
    public void FromSubjectPublicKeyInfo_RsaModulusWithSmallFactor_Throws(int factor)
    {
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        var modulus = new System.Numerics.BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true);
        var bad = modulus - (modulus % factor);
        if (factor != 2 && bad.IsEven)
        {
            bad -= factor; // odd and still a multiple of the factor: rejected for the factor, not for parity
        }

        var spki = RsaSpki(bad.ToByteArray(isUnsigned: true, isBigEndian: true), parameters.Exponent!);

        var ex = Assert.Throws<Icao9303FormatException>(() => VerificationKey.FromSubjectPublicKeyInfo(spki));
        Assert.Equal("crypto.public-key", ex.Reason);
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_RsaEvenExponent_Throws()
    {
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        var spki = RsaSpki(parameters.Modulus!, [0x01, 0x00, 0x00]);

        var ex = Assert.Throws<Icao9303FormatException>(() => VerificationKey.FromSubjectPublicKeyInfo(spki));
        Assert.Equal("crypto.public-key", ex.Reason);
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_Rsa4096_VerifiesPkcs1AndSha224()
    {
        using var rsa = RSA.Create(4096);
        using var key = VerificationKey.FromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo());
        Assert.Equal(4096, key.KeySizeBits);
        var signature = rsa.SignData(Message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(SignatureVerifier.Verify(SignatureAlgorithm.FromOid(Oids.Sha256WithRsa, null), key, Message, signature));

        // SHA-224 goes through BouncyCastle, whose key is built on first use.
        var signer = new RsaDigestSigner(new Org.BouncyCastle.Crypto.Digests.Sha224Digest());
        signer.Init(true, Org.BouncyCastle.Security.DotNetUtilities.GetRsaKeyPair(rsa.ExportParameters(true)).Private);
        signer.BlockUpdate(Message, 0, Message.Length);
        var sha224 = signer.GenerateSignature();
        Assert.True(SignatureVerifier.Verify(SignatureAlgorithm.FromOid(Oids.Sha224WithRsa, null), key, Message, sha224));
        sha224[^1] ^= 0x01;
        Assert.False(SignatureVerifier.Verify(SignatureAlgorithm.FromOid(Oids.Sha224WithRsa, null), key, Message, sha224));
    }

    private static (byte[] Spki, byte[] Signature) SignWithExplicitKey(
        Org.BouncyCastle.Math.EC.ECCurve curve, Org.BouncyCastle.Math.EC.ECPoint generator, BcBigInteger order, BcBigInteger cofactor)
    {
        var domain = new ECDomainParameters(curve, generator, order, cofactor);
        var d = new BcBigInteger(1, RandomNumberGenerator.GetBytes((order.BitLength + 7) / 8)).Mod(order.Subtract(BcBigInteger.One)).Add(BcBigInteger.One);
        var q = generator.Multiply(d).Normalize();
        var signer = new ECDsaSigner();
        signer.Init(true, new ECPrivateKeyParameters(d, domain));
        var rs = signer.GenerateSignature(SHA256.HashData(Message));

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(new System.Numerics.BigInteger(rs[0].ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true));
            writer.WriteInteger(new System.Numerics.BigInteger(rs[1].ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true));
        }

        var signature = writer.Encode();
        var size = (curve.FieldSize + 7) / 8;
        var spki = TestPassport.ExplicitSubjectPublicKeyInfo(
            curve.Field.Characteristic.ToByteArrayUnsigned(), curve.A.GetEncoded(), curve.B.GetEncoded(), generator.GetEncoded(false),
            order.ToByteArrayUnsigned(), cofactor.ToByteArrayUnsigned(), q.GetEncoded(false));
        Assert.Equal(1 + (2 * size), q.GetEncoded(false).Length);
        return (spki, signature);
    }

    private static byte[] RsaSpki(byte[] modulus, byte[] exponent)
    {
        var key = new AsnWriter(AsnEncodingRules.DER);
        using (key.PushSequence())
        {
            key.WriteIntegerUnsigned(modulus);
            key.WriteIntegerUnsigned(exponent);
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oids.RsaEncryption);
                writer.WriteNull();
            }

            writer.WriteBitString(key.Encode());
        }

        return writer.Encode();
    }
}
