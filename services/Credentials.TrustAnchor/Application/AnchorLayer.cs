using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;
using PaTrustAnchor = Credentials.Icao9303.PassiveAuthentication.TrustAnchor;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// The decoded trust anchors (CSCA and link certificates) of one anchor set, identified by a digest of the set so
/// consecutive snapshots share it while only CRLs or notices change. The anchors themselves come from the process-wide
/// <see cref="AnchorPool"/>: a new set decodes only the certificates the pool does not hold yet, and the layer holds one
/// reference to each anchor until it is disposed.
/// </summary>
internal sealed class AnchorLayer : IDisposable
{
    private readonly AnchorPool _pool;
    private readonly IReadOnlyList<string> _fingerprints;
    private readonly Dictionary<X509CertificateParts, PaTrustAnchor> _byCertificate;
    private readonly Lazy<(int Cscas, int Links, int Countries)> _composition;
    private int _disposed;

    private AnchorLayer(string key, AnchorPool pool, AcquiredAnchors acquired)
    {
        Key = key;
        _pool = pool;
        _fingerprints = acquired.Fingerprints;
        Decoded = acquired.Decoded;
        Skipped = acquired.Skipped;
        Store = PassiveAuthenticationTrustStore.FromAnchors(acquired.Anchors);
        _byCertificate = new Dictionary<X509CertificateParts, PaTrustAnchor>(acquired.Anchors.Count, ReferenceEqualityComparer.Instance);
        foreach (var anchor in acquired.Anchors)
        {
            _byCertificate.TryAdd(anchor.Certificate, anchor);
        }

        var anchors = acquired.Anchors;
        _composition = new Lazy<(int, int, int)>(() => Compose(anchors), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>SHA-256 over the anchors' DER in store order.</summary>
    public string Key { get; }

    /// <summary>The anchors, in the engine's store (no CRLs); borrowed from the pool.</summary>
    public PassiveAuthenticationTrustStore Store { get; }

    /// <summary>How many anchors had to be decoded to build this layer (the others were reused).</summary>
    public int Decoded { get; }

    /// <summary>Anchors that do not decode (a stricter decoder than when they were stored), left out.</summary>
    public int Skipped { get; }

    /// <summary>
    /// How many anchors are self-signed CSCAs and how many link certificates (Doc 9303 Part 12 section 7, decided by
    /// <see cref="CertificateSummaries.IsSelfSigned"/>), and of how many countries; computed once per layer, on first use.
    /// </summary>
    public (int Cscas, int Links, int Countries) Composition => _composition.Value;

    /// <summary>The anchor whose decoded certificate is <paramref name="certificate"/> (the instance the engine returned), in constant time.</summary>
    public PaTrustAnchor? AnchorOf(X509CertificateParts certificate) => _byCertificate.GetValueOrDefault(certificate);

    public static string KeyOf(IReadOnlyList<byte[]> anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var der in anchors)
        {
            hash.AppendData(SHA256.HashData(der));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Takes the anchors from <paramref name="pool"/>, decoding only those it does not hold yet.</summary>
    public static AnchorLayer Build(string key, IReadOnlyList<byte[]> anchors, AnchorPool pool)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        ArgumentNullException.ThrowIfNull(pool);
        return new AnchorLayer(key, pool, pool.Acquire(anchors));
    }

    private static (int Cscas, int Links, int Countries) Compose(IReadOnlyList<PaTrustAnchor> anchors)
    {
        var cscas = 0;
        var countries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in anchors)
        {
            cscas += CertificateSummaries.IsSelfSigned(anchor.Certificate) ? 1 : 0;
            if (Credentials.Icao9303.Pkd.CscaMasterList.CountryOf(anchor.Certificate) is { Length: > 0 } country)
            {
                countries.Add(country.ToUpperInvariant());
            }
        }

        return (cscas, anchors.Count - cscas, countries.Count);
    }

    /// <summary>Gives the anchors back to the pool (which disposes those no other layer holds). Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Store.Dispose();
            _pool.Release(_fingerprints);
        }
    }
}
