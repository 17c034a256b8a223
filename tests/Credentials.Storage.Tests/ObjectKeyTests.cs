using System.Text;

namespace Credentials.Storage.Tests;

public sealed class ObjectKeyTests
{
    [Fact]
    public void FromContent_KnownBytes_IsSha256HexWithPrefix()
    {
        // SHA-256("abc") from FIPS 180-2, appendix B.1.
        var key = ObjectKey.FromContent(Encoding.ASCII.GetBytes("abc"));
        Assert.Equal("sha256/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", key.Value);
        Assert.True(key.Matches(Encoding.ASCII.GetBytes("abc")));
        Assert.False(key.Matches(Encoding.ASCII.GetBytes("abd")));
    }

    [Fact]
    public void FromContent_SameBytesTwice_SameKey()
    {
        Assert.Equal(ObjectKey.FromContent([1, 2, 3]), ObjectKey.FromContent(new byte[] { 1, 2, 3 }));
        Assert.NotEqual(ObjectKey.FromContent([1, 2, 3]), ObjectKey.FromContent([1, 2, 4]));
    }

    [Theory]
    [InlineData("sha256/BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    [InlineData("sha256/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]
    [InlineData("sha256/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0")]
    [InlineData("sha1/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha256/../etc/passwd")]
    [InlineData("")]
    public void TryParse_NotAKey_ReturnsFalse(string value)
    {
        Assert.False(ObjectKey.TryParse(value, out _));
        Assert.Throws<FormatException>(() => ObjectKey.Parse(value));
    }

    [Fact]
    public void Parse_ValidKey_RoundTripsDigest()
    {
        var key = ObjectKey.FromContent([9, 9]);
        var parsed = ObjectKey.Parse(key.Value);
        Assert.Equal(key, parsed);
        Assert.Equal(key, ObjectKey.FromDigest(parsed.GetDigest()));
    }

    [Fact]
    public void FromDigest_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => ObjectKey.FromDigest(new byte[20]));
}
