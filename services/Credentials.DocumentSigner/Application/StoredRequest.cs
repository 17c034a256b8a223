namespace Credentials.DocumentSigner.Application;

/// <summary>The stored first response of a side-effecting request (CreateSignerKey, SignVisibleSeal).</summary>
internal sealed record StoredRequest(string Operation, byte[] RequestHash, byte[] Response);
