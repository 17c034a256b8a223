using System.Security.Cryptography;
using Credentials.KeyVault.Pkcs11;

namespace Credentials.KeyVault.Tests;

public sealed class EcdsaSignatureEncodingTests
{
    public static TheoryData<KeyAlgorithm> EcAlgorithms => new(KeyAlgorithms.All.Where(a => a.IsEc()));

    [Theory]
    [MemberData(nameof(EcAlgorithms))]
    public void RawToDer_DotNetRawSignature_VerifiesAsDer(KeyAlgorithm algorithm)
    {
        using var key = ECDsa.Create(algorithm.Curve());
        var digest = SHA384.HashData("ecdsa raw to der"u8);
        for (var i = 0; i < 20; i++)
        {
            var raw = key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

            var der = EcdsaSignatureEncoding.RawToDer(raw, algorithm.CurveFieldBytes());

            Assert.True(key.VerifyHash(digest, der, DSASignatureFormat.Rfc3279DerSequence));
        }
    }

    [Fact]
    public void RawToDer_LeadingZeroAndHighBit_MinimalIntegers()
    {
        var raw = new byte[64];
        raw[31] = 0x05;            // r = 5: leading zeros stripped
        raw[32] = 0x80;            // s has its top bit set: a 0x00 is prepended
        raw[63] = 0x01;

        var der = EcdsaSignatureEncoding.RawToDer(raw, 32);

        Assert.Equal("3026020105022100" + "80" + new string('0', 60) + "01", Convert.ToHexStringLower(der));
    }

    [Fact]
    public void RawToDer_WrongLength_ThrowsDeviceError()
    {
        var ex = Assert.Throws<KeyVaultException>(() => EcdsaSignatureEncoding.RawToDer(new byte[63], 32));
        Assert.Equal(KeyVaultErrorReason.DeviceError, ex.Reason);
    }

    [Fact]
    public void RawToDer_ZeroR_Throws()
    {
        var raw = new byte[64];
        raw[63] = 1;

        Assert.Throws<KeyVaultException>(() => EcdsaSignatureEncoding.RawToDer(raw, 32));
    }
}
