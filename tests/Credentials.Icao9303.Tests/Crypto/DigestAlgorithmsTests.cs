using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Tests.Crypto;

public sealed class DigestAlgorithmsTests
{
    [Theory]
    [InlineData(Oids.Sha1)]
    [InlineData(Oids.Sha224)]
    [InlineData(Oids.Sha256)]
    [InlineData(Oids.Sha384)]
    [InlineData(Oids.Sha512)]
    public void Compute_IntoSpan_EqualsAllocatingAndPlatformDigest(string oid)
    {
        var destination = new byte[DigestAlgorithms.MaxLength];
        foreach (var length in new[] { 0, 1, 55, 56, 64, 111, 112, 128, 1000, 65_537 })
        {
            var data = RandomNumberGenerator.GetBytes(length);
            var written = DigestAlgorithms.Compute(oid, data, destination);

            Assert.Equal(DigestAlgorithms.GetLength(oid), written);
            Assert.Equal(DigestAlgorithms.Compute(oid, data), destination.AsSpan(0, written).ToArray());
            if (oid != Oids.Sha224)
            {
                using var platform = IncrementalHash.CreateHash(DigestAlgorithms.GetHashAlgorithmName(oid));
                platform.AppendData(data);
                Assert.Equal(platform.GetHashAndReset(), destination.AsSpan(0, written).ToArray());
            }
        }
    }

    [Fact]
    public void Compute_KnownAnswer_Sha256OfAbc()
    {
        var destination = new byte[DigestAlgorithms.MaxLength];
        var written = DigestAlgorithms.Compute(Oids.Sha256, "abc"u8, destination);
        Assert.Equal("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", Convert.ToHexString(destination, 0, written));
    }

    [Fact]
    public void Compute_UnsupportedOid_ThrowsFormatException()
    {
        var ex = Assert.Throws<Icao9303FormatException>(() => DigestAlgorithms.Compute("1.2.3.4", "x"u8, new byte[DigestAlgorithms.MaxLength]));
        Assert.Equal("crypto.unsupported-digest", ex.Reason);
    }
}
