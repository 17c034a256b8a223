using System.Collections.Concurrent;
using Credentials.Icao9303.Crypto;

namespace Credentials.Pkd.Application;

/// <summary>
/// The store's CSCA/link certificates per State, cached for one sync run and dropped when a unit adds CAs. Safe for
/// the concurrent unit verifications of a run (one store read per State, shared by every caller).
/// </summary>
internal sealed class CachedCaLookup : ICaCertificateLookup
{
    private readonly ICertificateStore _certificates;
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<X509CertificateParts>>>> _cache = new(StringComparer.Ordinal);

    public CachedCaLookup(ICertificateStore certificates)
    {
        _certificates = certificates;
    }

    public async Task<IReadOnlyList<X509CertificateParts>> GetAsync(string country, CancellationToken cancellationToken)
    {
        var entry = _cache.GetOrAdd(country, c => new Lazy<Task<IReadOnlyList<X509CertificateParts>>>(() => _certificates.GetAuthoritiesAsync(c, CancellationToken.None)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyList<X509CertificateParts>>>>(country, entry));
            throw;
        }
    }

    /// <summary>Forgets everything (after a unit stored CSCA or link certificates).</summary>
    public void Invalidate() => _cache.Clear();
}
