using Credentials.Icao9303.Crypto;

namespace Credentials.Pkd.Application;

/// <summary>
/// The bounded workers of one artifact's verification: at most <see cref="Workers"/> CPU-bound jobs (a Master List's
/// CMS, chain and certificates, or the decoding or the verification of a DSC/CRL unit) run at once, whichever units
/// they belong to; a job waits for its slot asynchronously, so no thread-pool thread blocks. Each worker
/// thread keeps the CSCA/link keys it prepared (<see cref="KeyOf"/>) until the artifact is done: decoding a key costs
/// about as much as the verification it serves, and a PKD download has tens of thousands of DSCs under a few hundred
/// CSCAs.
/// </summary>
internal sealed class VerificationGate : IDisposable
{
    private readonly SemaphoreSlim _slots;

    // Per thread: a prepared key wraps platform key objects, which are never shared across threads. Keyed by instance:
    // the candidates of a run come from one cache (CachedCaLookup), so the same CA is the same object until it changes.
    private readonly ThreadLocal<Dictionary<X509CertificateParts, VerificationKey>> _keys =
        new(() => new Dictionary<X509CertificateParts, VerificationKey>(ReferenceEqualityComparer.Instance), trackAllValues: true);

    public VerificationGate(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Workers = workers;
        _slots = new SemaphoreSlim(workers, workers);
    }

    /// <summary>Verifications allowed at once.</summary>
    public int Workers { get; }

    /// <summary>The prepared key of <paramref name="authority"/> for the calling thread (decoded on first use).</summary>
    /// <exception cref="Credentials.Icao9303.Icao9303FormatException">The key cannot be decoded (not cached).</exception>
    public VerificationKey KeyOf(X509CertificateParts authority)
    {
        var keys = _keys.Value!;
        if (!keys.TryGetValue(authority, out var key))
        {
            key = VerificationKey.FromSubjectPublicKeyInfo(authority.SubjectPublicKeyInfo);
            keys[authority] = key;
        }

        return key;
    }

    /// <summary>Runs CPU-bound <paramref name="verify"/> in a slot, waiting asynchronously for one.</summary>
    public async Task<T> RunAsync<T>(Func<T> verify, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return verify();
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Releases the slots and every prepared key (call once no verification runs any more).</summary>
    public void Dispose()
    {
        foreach (var keys in _keys.Values)
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }

        _keys.Dispose();
        _slots.Dispose();
    }
}
