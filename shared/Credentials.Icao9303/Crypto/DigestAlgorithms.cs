using System.Security.Cryptography;

namespace Credentials.Icao9303.Crypto;

/// <summary>
/// The digest algorithms Doc 9303 Part 12 (section 4.1, "Algorithms") allows for LDS data group hashes and signatures:
/// SHA-1, SHA-224, SHA-256, SHA-384, SHA-512. SHA-224 is computed with BouncyCastle (.NET has no SHA-224).
/// </summary>
public static class DigestAlgorithms
{
    /// <summary>The longest output of a supported digest (SHA-512), for stack buffers.</summary>
    public const int MaxLength = 64;

    /// <summary>True when <paramref name="oid"/> names one of the supported digests.</summary>
    public static bool IsSupported(string? oid) => oid is Oids.Sha1 or Oids.Sha224 or Oids.Sha256 or Oids.Sha384 or Oids.Sha512;

    /// <summary>How many digests are supported (the range of <see cref="IndexOf"/>).</summary>
    internal const int SupportedCount = 5;

    /// <summary>A dense index 0..<see cref="SupportedCount"/>-1 of a supported digest (for per-digest tables), or -1.</summary>
    internal static int IndexOf(string? oid) => oid switch
    {
        Oids.Sha1 => 0,
        Oids.Sha224 => 1,
        Oids.Sha256 => 2,
        Oids.Sha384 => 3,
        Oids.Sha512 => 4,
        _ => -1,
    };

    /// <summary>Short name ("SHA-256") of a digest OID, or the OID itself when unknown.</summary>
    public static string GetName(string oid) => oid switch
    {
        Oids.Sha1 => "SHA-1",
        Oids.Sha224 => "SHA-224",
        Oids.Sha256 => "SHA-256",
        Oids.Sha384 => "SHA-384",
        Oids.Sha512 => "SHA-512",
        _ => oid,
    };

    /// <summary>Output length in bytes of a supported digest.</summary>
    public static int GetLength(string oid) => oid switch
    {
        Oids.Sha1 => 20,
        Oids.Sha224 => 28,
        Oids.Sha256 => 32,
        Oids.Sha384 => 48,
        Oids.Sha512 => 64,
        _ => throw new Icao9303FormatException("crypto.unsupported-digest", $"Digest algorithm {oid} is not supported."),
    };

    /// <summary>The .NET name of a digest, for the algorithms .NET implements (not SHA-224).</summary>
    public static HashAlgorithmName GetHashAlgorithmName(string oid) => oid switch
    {
        Oids.Sha1 => HashAlgorithmName.SHA1,
        Oids.Sha256 => HashAlgorithmName.SHA256,
        Oids.Sha384 => HashAlgorithmName.SHA384,
        Oids.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new Icao9303FormatException("crypto.unsupported-digest", $"Digest algorithm {oid} has no .NET implementation."),
    };

    /// <summary>Digest OID for a .NET hash name.</summary>
    public static string GetOid(HashAlgorithmName name)
    {
        if (name == HashAlgorithmName.SHA1)
        {
            return Oids.Sha1;
        }

        if (name == HashAlgorithmName.SHA256)
        {
            return Oids.Sha256;
        }

        if (name == HashAlgorithmName.SHA384)
        {
            return Oids.Sha384;
        }

        if (name == HashAlgorithmName.SHA512)
        {
            return Oids.Sha512;
        }

        throw new ArgumentOutOfRangeException(nameof(name), name.Name, "Unsupported hash algorithm.");
    }

    /// <summary>Computes the digest named by <paramref name="oid"/> over <paramref name="data"/>.</summary>
    /// <exception cref="Icao9303FormatException">The OID is not a supported digest (reason <c>crypto.unsupported-digest</c>).</exception>
    public static byte[] Compute(string oid, ReadOnlySpan<byte> data)
    {
        switch (oid)
        {
            case Oids.Sha1:
#pragma warning disable CA5350 // SHA-1 is mandated for legacy LDS data group hashes (Doc 9303 Part 12); policy reports it as a warning.
                return SHA1.HashData(data);
#pragma warning restore CA5350
            case Oids.Sha256:
                return SHA256.HashData(data);
            case Oids.Sha384:
                return SHA384.HashData(data);
            case Oids.Sha512:
                return SHA512.HashData(data);
            case Oids.Sha224:
                var digest = new Org.BouncyCastle.Crypto.Digests.Sha224Digest();
                digest.BlockUpdate(data);
                var output = new byte[digest.GetDigestSize()];
                digest.DoFinal(output, 0);
                return output;
            default:
                throw new Icao9303FormatException("crypto.unsupported-digest", $"Digest algorithm {oid} is not supported.");
        }
    }

    /// <summary>
    /// Computes the digest named by <paramref name="oid"/> over <paramref name="data"/> into <paramref name="destination"/>
    /// (at least <see cref="MaxLength"/> bytes) without allocating; returns the digest length.
    /// </summary>
    /// <exception cref="Icao9303FormatException">The OID is not a supported digest (reason <c>crypto.unsupported-digest</c>).</exception>
    public static int Compute(string oid, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (OpenSslDigest.TryCompute(oid, data, destination) is { } length)
        {
            return length;
        }

        switch (oid)
        {
            case Oids.Sha1:
#pragma warning disable CA5350 // SHA-1 is mandated for legacy LDS data group hashes (Doc 9303 Part 12); policy reports it as a warning.
                return SHA1.HashData(data, destination);
#pragma warning restore CA5350
            case Oids.Sha256:
                return SHA256.HashData(data, destination);
            case Oids.Sha384:
                return SHA384.HashData(data, destination);
            case Oids.Sha512:
                return SHA512.HashData(data, destination);
            default:
                var digest = Compute(oid, data);
                digest.CopyTo(destination);
                return digest.Length;
        }
    }
}
