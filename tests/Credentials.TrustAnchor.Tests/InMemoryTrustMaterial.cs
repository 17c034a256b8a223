using Credentials.TrustAnchor.Application;

namespace Credentials.TrustAnchor.Tests;

/// <summary>Our own store and cache interfaces over memory (the real ones are exercised by the integration tests).</summary>
internal sealed class InMemoryTrustMaterial : ITrustMaterialSource, ITrustMaterialCache
{
    private TrustMaterial _material;

    public InMemoryTrustMaterial(TrustMaterial material)
    {
        _material = material;
    }

    public int Loads { get; private set; }

    public List<long> Published { get; } = [];

    public void Replace(TrustMaterial material) => _material = material;

    public Task<long> GetVersionAsync(CancellationToken cancellationToken) => Task.FromResult(_material.Version);

    public Task<TrustMaterial> LoadAsync(CancellationToken cancellationToken)
    {
        Loads++;
        return Task.FromResult(_material);
    }

    public Task<TrustMaterial?> TryGetAsync(long version, CancellationToken cancellationToken) => Task.FromResult<TrustMaterial?>(null);

    public Task SetAsync(TrustMaterial material, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PublishVersionAsync(long version, CancellationToken cancellationToken)
    {
        Published.Add(version);
        return Task.CompletedTask;
    }

    public Task SubscribeAsync(Action<long> onVersion, CancellationToken cancellationToken) => Task.CompletedTask;
}
