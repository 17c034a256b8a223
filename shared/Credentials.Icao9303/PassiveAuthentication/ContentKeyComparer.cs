namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// Compares cache keys by their full content: equal only when every byte is equal, so a cached entry is never
/// returned for bytes that differ in any position. The hash code covers every byte with the process-randomised
/// <see cref="HashCode"/> seed (no attacker-predictable collisions). Lookups by span need no allocation.
/// </summary>
internal sealed class ContentKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly ContentKeyComparer Instance = new();

    private ContentKeyComparer()
    {
    }

    public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return GetHashCode(obj.AsSpan());
    }

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => other is not null && alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        var hash = default(HashCode);
        hash.AddBytes(alternate);
        hash.Add(alternate.Length);
        return hash.ToHashCode();
    }

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
