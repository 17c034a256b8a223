namespace Credentials.DocumentSigner.Application;

/// <summary>The idempotency key of a side-effecting request: its request_id, operation, request hash and when it was answered.</summary>
internal sealed record RequestRecord(string RequestId, string Operation, byte[] RequestHash, DateTimeOffset At);
