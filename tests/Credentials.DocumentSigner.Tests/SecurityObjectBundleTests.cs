using System.Security.Cryptography;
using Credentials.DocumentSigner.Application;

namespace Credentials.DocumentSigner.Tests;

/// <summary>The EF.SOD archive bundle: EF.SODs back to back, each read back only when it matches its row's SHA-256.</summary>
public sealed class SecurityObjectBundleTests
{
    [Fact]
    public void Build_ThreeSecurityObjects_BackToBackAtTheirOffsets()
    {
        byte[][] sods = [RandomNumberGenerator.GetBytes(10), RandomNumberGenerator.GetBytes(1), RandomNumberGenerator.GetBytes(300)];

        var (bundle, offsets) = SecurityObjectBundle.Build(sods);

        Assert.Equal(sods.SelectMany(s => s), bundle);
        Assert.Equal([0, 10, 11], offsets);
        for (var i = 0; i < sods.Length; i++)
        {
            Assert.Equal(sods[i], SecurityObjectBundle.Read(bundle, new SecurityObjectArchiveLocation("sha256/x", offsets[i], sods[i].Length), Sha256Hex(sods[i])));
        }
    }

    [Fact]
    public void Read_SliceDiffersFromTheRowsSha256_Throws()
    {
        byte[][] sods = [RandomNumberGenerator.GetBytes(64), RandomNumberGenerator.GetBytes(64)];
        var (bundle, offsets) = SecurityObjectBundle.Build(sods);

        // The neighbour's range, or the right range with one byte changed: never returned as this EF.SOD.
        Assert.Throws<InvalidOperationException>(() => SecurityObjectBundle.Read(bundle, new("sha256/x", offsets[1], 64), Sha256Hex(sods[0])));
        bundle[5] ^= 1;
        Assert.Throws<InvalidOperationException>(() => SecurityObjectBundle.Read(bundle, new("sha256/x", offsets[0], 64), Sha256Hex(sods[0])));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    [InlineData(60, 10)]
    [InlineData(int.MaxValue, 10)]
    public void Read_RangeOutsideTheBundle_Throws(int offset, int length)
    {
        var bundle = RandomNumberGenerator.GetBytes(64);

        Assert.Throws<InvalidOperationException>(() => SecurityObjectBundle.Read(bundle, new("sha256/x", offset, length), Sha256Hex(bundle)));
    }

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
