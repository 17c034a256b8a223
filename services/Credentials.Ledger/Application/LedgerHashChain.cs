using System.Security.Cryptography;

namespace Credentials.Ledger.Application;

/// <summary>
/// The ledger hash chain: <c>entry_hash(n) = SHA-256(entry_hash(n-1) || canonical event bytes(n))</c>, where the
/// canonical bytes are the serialized <c>EventEnvelope</c> exactly as received from Kafka and entry 1 chains from
/// 32 zero bytes.
/// </summary>
internal static class LedgerHashChain
{
    public const int HashLength = SHA256.HashSizeInBytes;

    /// <summary>The previous hash of entry 1: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[HashLength];

    /// <summary>SHA-256(<paramref name="previous"/> || <paramref name="canonicalEvent"/>).</summary>
    public static byte[] ComputeEntryHash(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> canonicalEvent)
    {
        if (previous.Length != HashLength)
        {
            throw new ArgumentException("The previous entry hash is 32 bytes.", nameof(previous));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previous);
        hash.AppendData(canonicalEvent);
        return hash.GetHashAndReset();
    }

    /// <summary>True when <paramref name="stored"/> equals SHA-256(previous || canonical), compared in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> canonicalEvent, ReadOnlySpan<byte> stored) =>
        stored.Length == HashLength && CryptographicOperations.FixedTimeEquals(ComputeEntryHash(previous, canonicalEvent), stored);
}
