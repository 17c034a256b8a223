namespace Credentials.DocumentSigner.Application;

/// <summary>The stored first response of a side-effecting request (CreateSignerKey).</summary>
internal sealed record StoredRequest(string Operation, byte[] RequestHash, byte[] Response);
