namespace Credentials.Pkd.Application;

/// <summary>What the store knows of the artifacts of the sources (the versions processed and how far).</summary>
internal interface IArtifactStore
{
    /// <summary>The version of the artifact being or last processed, or null.</summary>
    Task<ArtifactRecord?> GetArtifactAsync(string sourceId, string name, CancellationToken cancellationToken);

    /// <summary>The names of the source's artifacts that still list items.</summary>
    Task<IReadOnlyList<string>> ListArtifactNamesAsync(string sourceId, CancellationToken cancellationToken);

    /// <summary>The object keys of the stored versions of the artifacts of <paramref name="sourceIds"/>.</summary>
    Task<IReadOnlyList<string>> ListArtifactObjectKeysAsync(IReadOnlyList<string> sourceIds, CancellationToken cancellationToken);

    /// <summary>The certificates listed by one version of an artifact.</summary>
    Task<long> CountArtifactCertificatesAsync(string sourceId, string name, string sha256, CancellationToken cancellationToken);
}
