namespace Credentials.Pkd.Infrastructure;

/// <summary>A stored idempotent request (request_id → response).</summary>
internal sealed record StoredRequest(string Operation, byte[] RequestHash, byte[] Response);
