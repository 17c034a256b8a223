namespace Credentials.Pkd.Application;

/// <summary>One artifact of a source: a stable name (relative path, URL path or object key) and its bytes.</summary>
internal sealed record FetchedArtifact(string Name, byte[] Content);
