namespace Credentials.Storage;

/// <summary>What identifies one idempotent call: the client's request_id, the operation and the request's fingerprint.</summary>
/// <param name="RequestId">The client-supplied request_id (STYLE.md rule 10).</param>
/// <param name="Operation">The RPC (or use case) name; a request_id reused for another operation is a conflict.</param>
/// <param name="Fingerprint">A hash of the request (see <see cref="IdempotencyRule.Fingerprint"/>); a request_id
/// reused with another fingerprint is a conflict.</param>
public sealed record IdempotentRequest(string RequestId, string Operation, byte[] Fingerprint);
