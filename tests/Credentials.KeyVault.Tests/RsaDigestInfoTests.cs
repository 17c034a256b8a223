using System.Numerics;
using System.Security.Cryptography;
using Credentials.KeyVault.Pkcs11;

namespace Credentials.KeyVault.Tests;

public sealed class RsaDigestInfoTests
{
    [Theory]
    // The DER prefixes listed in RFC 8017 §9.2, Note 1.
    [InlineData("SHA256", "3031300d060960864801650304020105000420")]
    [InlineData("SHA384", "3041300d060960864801650304020205000430")]
    [InlineData("SHA512", "3051300d060960864801650304020305000440")]
    public void Create_Sha2_MatchesRfc8017Prefix(string hashName, string prefixHex)
    {
        var hash = new HashAlgorithmName(hashName);
        var digest = RandomNumberGenerator.GetBytes(SignatureScheme.DigestLengthOf(hash));

        var digestInfo = RsaDigestInfo.Create(hash, digest);

        Assert.Equal([.. Convert.FromHexString(prefixHex), .. digest], digestInfo);
    }

    [Fact]
    public void Create_WrongDigestLength_ThrowsInvalidDigest()
    {
        var ex = Assert.Throws<KeyVaultException>(() => RsaDigestInfo.Create(HashAlgorithmName.SHA512, new byte[32]));
        Assert.Equal(KeyVaultErrorReason.InvalidDigest, ex.Reason);
    }

    [Fact]
    public void Create_Sha256_IsWhatDotNetPkcs1SignatureEncapsulates()
    {
        using var rsa = RSA.Create(2048);
        var digest = SHA256.HashData("DigestInfo cross-check"u8);
        var signature = rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var parameters = rsa.ExportParameters(false);

        // EM = s^e mod n = 00 01 FF..FF 00 || DigestInfo (RFC 8017 §9.2 step 5).
        var s = new BigInteger(signature, isUnsigned: true, isBigEndian: true);
        var e = new BigInteger(parameters.Exponent, isUnsigned: true, isBigEndian: true);
        var n = new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true);
        var encoded = BigInteger.ModPow(s, e, n).ToByteArray(isUnsigned: true, isBigEndian: true);
        var digestInfo = RsaDigestInfo.Create(HashAlgorithmName.SHA256, digest);

        Assert.Equal(digestInfo, encoded[^digestInfo.Length..]);
        Assert.Equal(0x01, encoded[0]);
    }
}
