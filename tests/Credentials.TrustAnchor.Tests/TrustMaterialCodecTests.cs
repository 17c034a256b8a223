using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Infrastructure;

namespace Credentials.TrustAnchor.Tests;

public sealed class TrustMaterialCodecTests
{
    private static readonly TrustMaterial Sample = new(42, [[1, 2, 3], []], [[9]], [[4, 5]], ["ab", "cd"], ["ef"]);

    [Fact]
    public void Encode_ThenDecode_RoundTrips()
    {
        var decoded = TrustMaterialCodec.TryDecode(TrustMaterialCodec.Encode(Sample));

        Assert.NotNull(decoded);
        Assert.Equal(42, decoded.Version);
        Assert.Equal(Sample.Anchors, decoded.Anchors);
        Assert.Equal(Sample.DocumentSigners, decoded.DocumentSigners);
        Assert.Equal(Sample.Crls, decoded.Crls);
        Assert.Equal(Sample.RevokedFingerprints, decoded.RevokedFingerprints);
        Assert.Equal(Sample.UnlistedFingerprints, decoded.UnlistedFingerprints);
    }

    [Fact]
    public void TryDecode_PreviousFormatWithoutUnlistedSection_IsAMiss()
    {
        var encoded = TrustMaterialCodec.Encode(Sample);
        "TAM1"u8.CopyTo(encoded);

        Assert.Null(TrustMaterialCodec.TryDecode(encoded));
    }

    [Fact]
    public void TryDecode_EveryTruncation_IsAMiss()
    {
        var encoded = TrustMaterialCodec.Encode(Sample);
        for (var length = 0; length < encoded.Length; length++)
        {
            Assert.Null(TrustMaterialCodec.TryDecode(encoded.AsSpan(0, length)));
        }
    }

    [Fact]
    public void TryDecode_TrailingData_IsAMiss()
    {
        var encoded = TrustMaterialCodec.Encode(Sample);
        Assert.Null(TrustMaterialCodec.TryDecode([.. encoded, 0]));
    }

    [Fact]
    public void TryDecode_ImpossibleCount_IsAMissWithoutAllocating()
    {
        var encoded = TrustMaterialCodec.Encode(new TrustMaterial(1, [], [], [], []));
        encoded[12] = 0x7f;
        Assert.Null(TrustMaterialCodec.TryDecode(encoded));
    }
}
