using System.Security.Cryptography;

namespace Credentials.KeyVault.Tests;

public sealed class SignatureSchemeTests
{
    [Theory]
    [InlineData("SHA256", 32)]
    [InlineData("SHA384", 48)]
    [InlineData("SHA512", 64)]
    public void DigestLengthOf_SupportedHash_ReturnsLength(string hash, int expected)
    {
        Assert.Equal(expected, SignatureScheme.DigestLengthOf(new HashAlgorithmName(hash)));
    }

    [Fact]
    public void RsaPkcs1_Md5_ThrowsUnsupportedAlgorithm()
    {
        var ex = Assert.Throws<KeyVaultException>(() => SignatureScheme.RsaPkcs1(HashAlgorithmName.MD5));
        Assert.Equal(KeyVaultErrorReason.UnsupportedAlgorithm, ex.Reason);
    }

    [Fact]
    public void RsaPss_Defaults_UseSameHashForMgf1AndDigestLengthSalt()
    {
        var scheme = SignatureScheme.RsaPss(HashAlgorithmName.SHA384);

        Assert.Equal(SignatureSchemeKind.RsaPss, scheme.Kind);
        Assert.Equal(HashAlgorithmName.SHA384, scheme.Mgf1Hash);
        Assert.Equal(48, scheme.SaltLength);
    }

    [Fact]
    public void RsaPss_NegativeSalt_Throws()
    {
        var ex = Assert.Throws<KeyVaultException>(() => SignatureScheme.RsaPss(HashAlgorithmName.SHA256, saltLength: -1));
        Assert.Equal(KeyVaultErrorReason.UnsupportedAlgorithm, ex.Reason);
    }

    [Theory]
    [InlineData(KeyAlgorithm.Rsa2048, SignatureSchemeKind.Ecdsa)]
    [InlineData(KeyAlgorithm.EcP256, SignatureSchemeKind.RsaPkcs1)]
    [InlineData(KeyAlgorithm.EcBrainpoolP384r1, SignatureSchemeKind.RsaPss)]
    public void EnsureCompatibleWith_WrongFamily_Throws(KeyAlgorithm algorithm, SignatureSchemeKind kind)
    {
        var scheme = kind switch
        {
            SignatureSchemeKind.Ecdsa => SignatureScheme.Ecdsa(HashAlgorithmName.SHA256),
            SignatureSchemeKind.RsaPss => SignatureScheme.RsaPss(HashAlgorithmName.SHA256),
            _ => SignatureScheme.RsaPkcs1(HashAlgorithmName.SHA256),
        };

        var ex = Assert.Throws<KeyVaultException>(() => scheme.EnsureCompatibleWith(algorithm));
        Assert.Equal(KeyVaultErrorReason.UnsupportedAlgorithm, ex.Reason);
    }

    [Fact]
    public void EnsureDigestLength_Sha384DigestForSha256Scheme_ThrowsInvalidDigest()
    {
        var scheme = SignatureScheme.Ecdsa(HashAlgorithmName.SHA256);

        var ex = Assert.Throws<KeyVaultException>(() => scheme.EnsureDigestLength(new byte[48]));
        Assert.Equal(KeyVaultErrorReason.InvalidDigest, ex.Reason);
    }

    [Fact]
    public void Equality_SameParameters_AreEqual()
    {
        Assert.Equal(SignatureScheme.RsaPss(HashAlgorithmName.SHA256), SignatureScheme.RsaPss(HashAlgorithmName.SHA256, HashAlgorithmName.SHA256, 32));
        Assert.NotEqual(SignatureScheme.RsaPss(HashAlgorithmName.SHA256), SignatureScheme.RsaPss(HashAlgorithmName.SHA256, saltLength: 0));
    }
}
