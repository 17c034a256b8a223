using System.Security.Cryptography;

namespace Credentials.Icao9303.Bac;

/// <summary>
/// The key derivation function of Doc 9303 Part 11 section 9.7.1: <c>KDF(K, c) = H(K || c)</c> with c a 32-bit
/// big-endian counter (1 = encryption, 2 = MAC, 3 = PACE password), truncated to the key length; SHA-1 for 3DES and
/// AES-128, SHA-256 for AES-192/256. 3DES keys get DES odd parity.
/// </summary>
public static class Doc9303Kdf
{
    /// <summary>Counter for the encryption key.</summary>
    public const int Encryption = 1;

    /// <summary>Counter for the MAC key.</summary>
    public const int Mac = 2;

    /// <summary>Counter for the PACE password key K_π.</summary>
    public const int Password = 3;

    /// <summary>A 16-byte two-key 3DES key with odd parity (BAC, Part 11 section 9.7.1.1).</summary>
    public static byte[] DeriveTripleDes(ReadOnlySpan<byte> secret, int counter)
    {
        var key = Hash(secret, counter, useSha256: false)[..16];
        AdjustParity(key);
        return key;
    }

    /// <summary>An AES key of 16, 24 or 32 bytes (Part 11 section 9.7.1.2).</summary>
    public static byte[] DeriveAes(ReadOnlySpan<byte> secret, int counter, int keyLength)
    {
        if (keyLength is not (16 or 24 or 32))
        {
            throw new ArgumentOutOfRangeException(nameof(keyLength), keyLength, "AES keys are 16, 24 or 32 bytes.");
        }

        return Hash(secret, counter, useSha256: keyLength > 16)[..keyLength];
    }

    /// <summary>Sets DES odd parity on every byte (the low bit of each byte is the parity bit).</summary>
    public static void AdjustParity(Span<byte> key)
    {
        for (var i = 0; i < key.Length; i++)
        {
            var b = key[i] & 0xFE;
            var ones = System.Numerics.BitOperations.PopCount((uint)b);
            key[i] = (byte)(b | ((ones & 1) == 0 ? 1 : 0));
        }
    }

    private static byte[] Hash(ReadOnlySpan<byte> secret, int counter, bool useSha256)
    {
        var input = new byte[secret.Length + 4];
        secret.CopyTo(input);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(secret.Length), counter);
#pragma warning disable CA5350 // SHA-1 is the KDF hash Doc 9303 Part 11 section 9.7.1 mandates for 3DES and AES-128.
        return useSha256 ? SHA256.HashData(input) : SHA1.HashData(input);
#pragma warning restore CA5350
    }
}
