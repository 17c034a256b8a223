using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Tests.Crypto;

public sealed class SignatureAlgorithmMemoTests
{
    [Fact]
    public void Decode_SameBytesTwice_ReturnsTheFirstDecoding()
    {
        var memo = new SignatureAlgorithmMemo();
        var encoded = SignatureAlgorithm.CreatePss(Oids.Sha256).Encode();

        var first = memo.Decode(encoded, Oids.Sha256);
        var second = memo.Decode((byte[])encoded.Clone(), Oids.Sha256);

        Assert.Same(first, second);
        Assert.Equal(SignatureAlgorithm.Decode(encoded, Oids.Sha256), first);
    }

    [Fact]
    public void Decode_OtherParametersOrDigest_DecodesAgain()
    {
        var memo = new SignatureAlgorithmMemo();
        var sha256 = SignatureAlgorithm.CreatePss(Oids.Sha256).Encode();
        var sha512 = SignatureAlgorithm.CreatePss(Oids.Sha512).Encode();
        var bareRsa = SignatureAlgorithm.FromOid(Oids.RsaEncryption, null, Oids.Sha256).Encode();

        Assert.Equal(Oids.Sha256, memo.Decode(sha256, Oids.Sha256).DigestOid);
        Assert.Equal(Oids.Sha512, memo.Decode(sha512, Oids.Sha512).DigestOid);
        Assert.Equal(32, memo.Decode(sha256, Oids.Sha256).SaltLength);
        // A bare rsaEncryption takes its hash from the SignerInfo digest algorithm: a changed digest is a new decoding.
        Assert.Equal(Oids.Sha256, memo.Decode(bareRsa, Oids.Sha256).DigestOid);
        Assert.Equal(Oids.Sha384, memo.Decode(bareRsa, Oids.Sha384).DigestOid);
    }

    [Fact]
    public void Decode_ChangedByteAfterAHit_ThrowsLikeDecode()
    {
        var memo = new SignatureAlgorithmMemo();
        var encoded = SignatureAlgorithm.CreatePss(Oids.Sha256).Encode();
        memo.Decode(encoded, Oids.Sha256);
        // The hashAlgorithm OID 2.16.840.1.101.3.4.2.1 (SHA-256) becomes ...2.127, a digest nobody supports.
        byte[] sha256Oid = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
        var tampered = (byte[])encoded.Clone();
        tampered[tampered.AsSpan().IndexOf(sha256Oid) + sha256Oid.Length - 1] = 0x7F;

        var expected = Assert.Throws<Icao9303FormatException>(() => SignatureAlgorithm.Decode(tampered, Oids.Sha256));
        var actual = Assert.Throws<Icao9303FormatException>(() => memo.Decode(tampered, Oids.Sha256));

        Assert.Equal(expected.Reason, actual.Reason);
    }
}
