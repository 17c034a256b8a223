namespace Credentials.Pkd.Application;

/// <summary>Lists and reads the artifacts of a source (failures surface as <see cref="SourceFetchException"/>).</summary>
internal interface IArtifactSource
{
    /// <summary>The artifacts of <paramref name="source"/> in a stable order; each is read on demand.</summary>
    Task<IReadOnlyList<ArtifactLocator>> ListAsync(PkdSource source, CancellationToken cancellationToken);
}
