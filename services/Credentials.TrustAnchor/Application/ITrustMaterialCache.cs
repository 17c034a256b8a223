namespace Credentials.TrustAnchor.Application;

/// <summary>
/// The shared cache in front of the store (Redis): trust material by store version, and the invalidation channel that
/// tells every replica a newer version was committed. Failures are absorbed (a cache is never required).
/// </summary>
internal interface ITrustMaterialCache
{
    /// <summary>The cached material of <paramref name="version"/>, or null on a miss or when the cache is down.</summary>
    Task<TrustMaterial?> TryGetAsync(long version, CancellationToken cancellationToken);

    /// <summary>Caches <paramref name="material"/> under its version.</summary>
    Task SetAsync(TrustMaterial material, CancellationToken cancellationToken);

    /// <summary>Announces a committed store version to the other replicas.</summary>
    Task PublishVersionAsync(long version, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onVersion"/> for every version another replica announces.</summary>
    Task SubscribeAsync(Action<long> onVersion, CancellationToken cancellationToken);
}
