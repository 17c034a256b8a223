using System.Security.Cryptography;

namespace Credentials.Storage;

/// <summary>
/// The content address of a stored object: <c>sha256/&lt;64 lowercase hex digits&gt;</c> (ARCHITECTURE.md,
/// "Objects"). The same bytes always get the same key, so writing an object twice is harmless.
/// </summary>
public readonly record struct ObjectKey
{
    /// <summary>The only hash algorithm used for keys.</summary>
    public const string Sha256Prefix = "sha256/";

    private const int HexLength = SHA256.HashSizeInBytes * 2;

    private ObjectKey(string value) => Value = value;

    /// <summary>The key as stored in S3 and in metadata rows.</summary>
    public string Value { get; }

    /// <summary>The key of <paramref name="content"/>.</summary>
    public static ObjectKey FromContent(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, digest);
        return FromDigest(digest);
    }

    /// <summary>The key for a SHA-256 digest computed elsewhere.</summary>
    public static ObjectKey FromDigest(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("A SHA-256 digest is 32 bytes.", nameof(sha256));
        }

        return new ObjectKey(Sha256Prefix + Convert.ToHexStringLower(sha256));
    }

    /// <summary>Parses a key strictly: the prefix, then exactly 64 lowercase hexadecimal digits.</summary>
    public static ObjectKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var key)
            ? key
            : throw new FormatException("An object key is 'sha256/' followed by 64 lowercase hexadecimal digits.");
    }

    /// <summary>Parses a key strictly; false when <paramref name="value"/> is not a key.</summary>
    public static bool TryParse(string? value, out ObjectKey key)
    {
        key = default;
        if (value is null
            || value.Length != Sha256Prefix.Length + HexLength
            || !value.StartsWith(Sha256Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value.AsSpan(Sha256Prefix.Length))
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        key = new ObjectKey(value);
        return true;
    }

    /// <summary>The SHA-256 digest the key names.</summary>
    public byte[] GetDigest() => Convert.FromHexString(Value.AsSpan(Sha256Prefix.Length));

    /// <summary>True when <paramref name="content"/> hashes to this key (constant-time comparison).</summary>
    public bool Matches(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, digest);
        return CryptographicOperations.FixedTimeEquals(digest, GetDigest());
    }

    public override string ToString() => Value ?? string.Empty;
}
