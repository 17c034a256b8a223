using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Tests.PassiveAuthentication;
using Credentials.Icao9303.Tests.Vectors;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.Crypto;

public sealed class SignatureVerifierTests
{
    [Theory]
    [MemberData(nameof(SodSets.WithCscaData), MemberType = typeof(SodSets))]
    public void VerifyCertificateSignature_RealDscAndCsca_Verifies(string set)
    {
        var dsc = TestVectors.Read("sod", set, "DSC.cer");
        var csca = X509CertificateParts.Decode(TestVectors.Read("sod", set, "CSCA.cer"));
        Assert.True(SignatureVerifier.VerifyCertificateSignature(dsc, csca.SubjectPublicKeyInfo));
    }

    [Theory]
    [InlineData("brainpoolP256r1", "brainpoolP256r1")]
    [InlineData("brainpoolP384r1", "brainpoolP384r1")]
    [InlineData("brainpoolP512r1", "brainpoolP512r1")]
    [InlineData("prime256v1", "secp256r1")]
    public void FromSubjectPublicKeyInfo_ExplicitParameters_IdentifiesCurve(string openSslCurve, string curve)
    {
        // The curves of the AT, DE, FI, RU and UK DSCs of the corpus, as explicit parameters written by an encoder
        // other than ours: openssl (ecparam -param_enc explicit; prime256v1 with its seed).
        using var openSsl = OpenSsl.Create();
        var (keyCode, keyOutput) = openSsl.Run("ecparam", "-name", openSslCurve, "-param_enc", "explicit", "-genkey", "-noout", "-out", "ds.key");
        Assert.True(keyCode == 0, $"openssl ecparam: exit {keyCode}: {keyOutput}");
        var (code, output) = openSsl.Run("pkey", "-in", "ds.key", "-pubout", "-outform", "DER", "-out", "ds.spki");
        Assert.True(code == 0, $"openssl pkey: exit {code}: {output}");
        var spki = openSsl.ReadFile("ds.spki");

        using var key = VerificationKey.FromSubjectPublicKeyInfo(spki);
        Assert.True(key.IsEc);
        Assert.True(key.HasExplicitParameters);
        Assert.Equal(curve, key.CurveName);
    }

    [Theory]
    [InlineData(TestPassportKey.RsaPkcs1)]
    [InlineData(TestPassportKey.EcBrainpoolP384)]
    public void VerifyCertificateSignature_WrongIssuer_ReturnsFalse(TestPassportKey key)
    {
        using var passport = TestPassport.Create(key);
        using var other = TestPassport.Create(key);
        Assert.True(SignatureVerifier.VerifyCertificateSignature(passport.Dsc, X509CertificateParts.Decode(passport.Csca).SubjectPublicKeyInfo));
        Assert.False(SignatureVerifier.VerifyCertificateSignature(passport.Dsc, X509CertificateParts.Decode(other.Csca).SubjectPublicKeyInfo));
    }

    [Theory]
    [InlineData(Oids.Sha256, Oids.Sha256, 32)]
    [InlineData(Oids.Sha256, Oids.Sha1, 20)]
    [InlineData(Oids.Sha512, Oids.Sha256, 0)]
    [InlineData(Oids.Sha224, Oids.Sha224, 28)]
    public void Verify_RsaPssAnyParameters_Verifies(string hashOid, string mgfOid, int salt)
    {
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(true);
        var privateKey = new Org.BouncyCastle.Crypto.Parameters.RsaPrivateCrtKeyParameters(
            Big(parameters.Modulus!), Big(parameters.Exponent!), Big(parameters.D!), Big(parameters.P!), Big(parameters.Q!),
            Big(parameters.DP!), Big(parameters.DQ!), Big(parameters.InverseQ!));
        var signer = new Org.BouncyCastle.Crypto.Signers.PssSigner(
            new Org.BouncyCastle.Crypto.Engines.RsaEngine(), Digest(hashOid), Digest(mgfOid), salt);
        signer.Init(true, privateKey);
        var message = "Doc 9303 Part 12"u8.ToArray();
        signer.BlockUpdate(message, 0, message.Length);
        var signature = signer.GenerateSignature();

        var algorithm = EncodePss(hashOid, mgfOid, salt);
        var spki = rsa.ExportSubjectPublicKeyInfo();
        Assert.True(SignatureVerifier.Verify(algorithm, spki, message, signature));
        message[0] ^= 1;
        Assert.False(SignatureVerifier.Verify(algorithm, spki, message, signature));
    }

    [Theory]
    [InlineData("brainpoolP256r1")]
    [InlineData("nistP256")]
    [InlineData("brainpoolP384r1")]
    public void Verify_EcdsaDerAndExplicitParameters_Verifies(string curveName)
    {
        using var ec = ECDsa.Create(ECCurve.CreateFromFriendlyName(curveName));
        var message = "EF.SOD"u8.ToArray();
        var signature = ec.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var algorithm = SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null).Encode();

        Assert.True(SignatureVerifier.Verify(algorithm, ec.ExportSubjectPublicKeyInfo(), message, signature));

        var explicitSpki = TestPassport.ExplicitSubjectPublicKeyInfo(ec);
        using var key = VerificationKey.FromSubjectPublicKeyInfo(explicitSpki);
        Assert.True(key.HasExplicitParameters);
        Assert.True(SignatureVerifier.Verify(SignatureAlgorithm.Decode(algorithm), key, message, signature));
        signature[^1] ^= 1;
        Assert.False(SignatureVerifier.Verify(SignatureAlgorithm.Decode(algorithm), key, message, signature));
    }

    [Fact]
    public void Verify_RsaPkcs1Sha224_Verifies()
    {
        using var rsa = RSA.Create(2048);
        var message = "LDS"u8.ToArray();
        var digest = DigestAlgorithms.Compute(Oids.Sha224, message);
        var bc = Org.BouncyCastle.Security.DotNetUtilities.GetRsaKeyPair(rsa.ExportParameters(true)).Private;
        var signer = new Org.BouncyCastle.Crypto.Signers.RsaDigestSigner(new Org.BouncyCastle.Crypto.Digests.Sha224Digest());
        signer.Init(true, bc);
        signer.BlockUpdate(message, 0, message.Length);
        var signature = signer.GenerateSignature();
        Assert.Equal(28, digest.Length);
        var algorithm = SignatureAlgorithm.FromOid(Oids.Sha224WithRsa, null).Encode();
        Assert.True(SignatureVerifier.Verify(algorithm, rsa.ExportSubjectPublicKeyInfo(), message, signature));
    }

    [Fact]
    public void Decode_BareRsaEncryptionWithoutDigest_Throws()
    {
        var algorithm = SignatureAlgorithm.FromOid(Oids.Sha256WithRsa, null).Encode();
        algorithm[^3] = 0x01; // sha256WithRSAEncryption (...1.1.11) -> rsaEncryption (...1.1.1)
        var ex = Assert.Throws<Icao9303FormatException>(() => SignatureAlgorithm.Decode(algorithm));
        Assert.Equal("crypto.signature-algorithm", ex.Reason);
        Assert.Equal(Oids.Sha384, SignatureAlgorithm.Decode(algorithm, Oids.Sha384).DigestOid);
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_Garbage_ThrowsFormatException()
    {
        Assert.Throws<Icao9303FormatException>(() => VerificationKey.FromSubjectPublicKeyInfo(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }));
    }

    private static Org.BouncyCastle.Math.BigInteger Big(byte[] value) => new(1, value);

    private static Org.BouncyCastle.Crypto.IDigest Digest(string oid) => oid switch
    {
        Oids.Sha1 => new Org.BouncyCastle.Crypto.Digests.Sha1Digest(),
        Oids.Sha224 => new Org.BouncyCastle.Crypto.Digests.Sha224Digest(),
        Oids.Sha256 => new Org.BouncyCastle.Crypto.Digests.Sha256Digest(),
        _ => new Org.BouncyCastle.Crypto.Digests.Sha512Digest(),
    };

    private static byte[] EncodePss(string hashOid, string mgfOid, int salt)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Oids.RsassaPss);
            using (writer.PushSequence())
            {
                using (writer.PushSequence(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 0, true)))
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(hashOid);
                }

                using (writer.PushSequence(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 1, true)))
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(Oids.Mgf1);
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(mgfOid);
                    }
                }

                using (writer.PushSequence(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 2, true)))
                {
                    writer.WriteInteger(salt);
                }
            }
        }

        return writer.Encode();
    }
}
