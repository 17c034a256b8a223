namespace Credentials.Pkd.Application;

/// <summary>One version of an artifact of a source: its name, the SHA-256 of its bytes and where those bytes are stored.</summary>
internal sealed record ArtifactVersion(string SourceId, string Name, string ContentSha256, string ObjectKey);
