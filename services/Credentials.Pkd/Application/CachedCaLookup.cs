using Credentials.Icao9303.Crypto;
using Credentials.Pkd.Infrastructure;

namespace Credentials.Pkd.Application;

/// <summary>The store's CSCA/link certificates per State, cached for one sync run and dropped when a unit adds CAs.</summary>
internal sealed class CachedCaLookup : ICaCertificateLookup
{
    private readonly PkdRepository _repository;
    private readonly Dictionary<string, IReadOnlyList<X509CertificateParts>> _cache = new(StringComparer.Ordinal);

    public CachedCaLookup(PkdRepository repository)
    {
        _repository = repository;
    }

    public async Task<IReadOnlyList<X509CertificateParts>> GetAsync(string country, CancellationToken cancellationToken)
    {
        if (!_cache.TryGetValue(country, out var authorities))
        {
            authorities = await _repository.GetAuthoritiesAsync(country, cancellationToken);
            _cache[country] = authorities;
        }

        return authorities;
    }

    /// <summary>Forgets everything (after a unit stored CSCA or link certificates).</summary>
    public void Invalidate() => _cache.Clear();
}
