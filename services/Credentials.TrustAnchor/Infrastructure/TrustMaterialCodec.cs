using System.Buffers.Binary;
using System.Text;
using Credentials.TrustAnchor.Application;

namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>
/// Binary form of <see cref="TrustMaterial"/> in Redis: <c>"TAM2"</c>, the version (int64 big-endian), then five
/// sections (anchors, document signers, CRLs, revoked fingerprints, unlisted fingerprints), each a count (int32) followed by length-prefixed
/// items. Decoding is bounded and strict: anything unexpected is a cache miss, never an exception.
/// </summary>
internal static class TrustMaterialCodec
{
    private const int MaxItems = 1_000_000;
    private static readonly byte[] Magic = "TAM2"u8.ToArray();

    public static byte[] Encode(TrustMaterial material)
    {
        ArgumentNullException.ThrowIfNull(material);
        using var stream = new MemoryStream();
        stream.Write(Magic);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, material.Version);
        stream.Write(number);
        WriteSection(stream, material.Anchors);
        WriteSection(stream, material.DocumentSigners);
        WriteSection(stream, material.Crls);
        WriteSection(stream, material.RevokedFingerprints.Select(Encoding.ASCII.GetBytes).ToList());
        WriteSection(stream, (material.UnlistedFingerprints ?? []).Select(Encoding.ASCII.GetBytes).ToList());
        return stream.ToArray();
    }

    public static TrustMaterial? TryDecode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < Magic.Length + 8 || !encoded[..Magic.Length].SequenceEqual(Magic))
        {
            return null;
        }

        var version = BinaryPrimitives.ReadInt64BigEndian(encoded[Magic.Length..]);
        var rest = encoded[(Magic.Length + 8)..];
        if (!TryReadSection(ref rest, out var anchors) || !TryReadSection(ref rest, out var signers)
            || !TryReadSection(ref rest, out var crls) || !TryReadSection(ref rest, out var revoked) || !TryReadSection(ref rest, out var unlisted)
            || !rest.IsEmpty)
        {
            return null;
        }

        return new TrustMaterial(
            version, anchors, signers, crls, revoked.Select(b => Encoding.ASCII.GetString(b)).ToList(), unlisted.Select(b => Encoding.ASCII.GetString(b)).ToList());
    }

    private static void WriteSection(MemoryStream stream, IReadOnlyCollection<byte[]> items)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, items.Count);
        stream.Write(number);
        foreach (var item in items)
        {
            BinaryPrimitives.WriteInt32BigEndian(number, item.Length);
            stream.Write(number);
            stream.Write(item);
        }
    }

    private static bool TryReadSection(ref ReadOnlySpan<byte> data, out List<byte[]> items)
    {
        items = [];
        if (data.Length < 4)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(data);
        data = data[4..];
        if (count < 0 || count > MaxItems || count > data.Length / 4)
        {
            return false;
        }

        items.Capacity = count;
        for (var i = 0; i < count; i++)
        {
            if (data.Length < 4)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(data);
            data = data[4..];
            if (length < 0 || length > data.Length)
            {
                return false;
            }

            items.Add(data[..length].ToArray());
            data = data[length..];
        }

        return true;
    }
}
