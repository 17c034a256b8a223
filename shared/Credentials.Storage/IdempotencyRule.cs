using System.Security.Cryptography;
using System.Text;

namespace Credentials.Storage;

/// <summary>
/// The one idempotency rule of the suite (STYLE.md rule 10): what fingerprints a request, and what a recorded
/// request_id means for a new call — same request_id, same operation and same fingerprint → replay the recorded
/// response; same request_id otherwise → conflict (REQUEST_ID_CONFLICT). Every <see cref="IIdempotencyStore"/>
/// decides with <see cref="Decide"/>, so the rule does not depend on where the rows live.
/// </summary>
public static class IdempotencyRule
{
    /// <summary>The standard fingerprint: SHA-256 over the UTF-8 operation name, a zero byte and the request bytes.</summary>
    public static byte[] Fingerprint(string operation, ReadOnlySpan<byte> request)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(operation));
        hash.AppendData([0]);
        hash.AppendData(request);
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// What the record stored under <paramref name="request"/>'s request_id (its operation, fingerprint and response)
    /// means for <paramref name="request"/>. The fingerprints are compared in constant time.
    /// </summary>
    public static IdempotencyLookup Decide(IdempotentRequest request, string storedOperation, byte[] storedFingerprint, byte[] storedResponse)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(storedOperation);
        ArgumentNullException.ThrowIfNull(storedFingerprint);
        ArgumentNullException.ThrowIfNull(storedResponse);
        return string.Equals(storedOperation, request.Operation, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(storedFingerprint, request.Fingerprint)
            ? new IdempotencyLookup(IdempotencyStatus.Replay, storedResponse)
            : IdempotencyLookup.Conflict;
    }
}
