namespace Credentials.Pkd.Application;

/// <summary>An artifact found in a listing, fetched on demand (so one artifact at a time is held in memory).</summary>
internal sealed record ArtifactLocator(string Name, Func<CancellationToken, Task<FetchedArtifact>> FetchAsync);
