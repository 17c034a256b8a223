namespace Credentials.Pkd.Application;

/// <summary>A row of <c>artifacts</c>: the version of an artifact being or last processed.</summary>
internal sealed record ArtifactRecord(string SourceId, string Name, string ContentSha256, int UnitsDone, int UnitsTotal, bool Completed, bool HasUnverified);
