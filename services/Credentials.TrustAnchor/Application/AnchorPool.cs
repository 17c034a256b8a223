using System.Security.Cryptography;
using Credentials.Icao9303;
using PaTrustAnchor = Credentials.Icao9303.PassiveAuthentication.TrustAnchor;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// Every decoded trust anchor of the process, keyed by the SHA-256 fingerprint of its DER, so each CSCA or link
/// certificate is decoded once for the life of the process however often the anchor set changes (decoding an
/// explicit-parameter EC key from a Master List costs milliseconds of CPU; hundreds of them cost tens of seconds).
/// <para>
/// Ownership: reference counted. Each <see cref="AnchorLayer"/> acquires the anchors it uses and releases them when it
/// is disposed (its snapshot is disposed after the provider's grace period); an anchor is disposed when the last layer
/// using it lets go. An anchor that is removed from the store and added again while an older layer still holds it is
/// reused, not decoded again. Certificates that do not decode are remembered and skipped without retrying.
/// </para>
/// Thread-safe: layers are built by one reloading thread but released from delayed disposal tasks.
/// </summary>
internal sealed class AnchorPool : IDisposable
{
    /// <summary>Below this many new anchors decoding stays on the calling thread.</summary>
    private const int ParallelDecodeThreshold = 16;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _undecodable = new(StringComparer.Ordinal);

    /// <summary>Decoded anchors currently alive (held by at least one layer).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The decoded anchors for <paramref name="certificates"/> (in that order, duplicates and undecodable certificates
    /// left out), each with one reference taken for the caller, who must give them back with <see cref="Release"/>.
    /// Only certificates not yet in the pool are decoded.
    /// </summary>
    public AcquiredAnchors Acquire(IReadOnlyList<byte[]> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var fingerprints = new string[certificates.Count];
        for (var i = 0; i < certificates.Count; i++)
        {
            fingerprints[i] = Convert.ToHexStringLower(SHA256.HashData(certificates[i]));
        }

        // Decode what is missing outside the lock (releases from other threads are never held up by decoding).
        List<int> missing = [];
        lock (_lock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < fingerprints.Length; i++)
            {
                if (seen.Add(fingerprints[i]) && !_entries.ContainsKey(fingerprints[i]) && !_undecodable.Contains(fingerprints[i]))
                {
                    missing.Add(i);
                }
            }
        }

        var decoded = new PaTrustAnchor?[missing.Count];
        if (missing.Count >= ParallelDecodeThreshold)
        {
            Parallel.For(0, missing.Count, j => decoded[j] = TryDecode(certificates[missing[j]]));
        }
        else
        {
            for (var j = 0; j < missing.Count; j++)
            {
                decoded[j] = TryDecode(certificates[missing[j]]);
            }
        }

        var anchors = new List<PaTrustAnchor>(fingerprints.Length);
        var held = new List<string>(fingerprints.Length);
        List<PaTrustAnchor> duplicates = [];
        var skipped = 0;
        lock (_lock)
        {
            for (var j = 0; j < missing.Count; j++)
            {
                var fingerprint = fingerprints[missing[j]];
                if (decoded[j] is { } anchor)
                {
                    if (!_entries.TryAdd(fingerprint, new Entry(anchor)))
                    {
                        // Another caller decoded it meanwhile: keep theirs.
                        duplicates.Add(anchor);
                    }
                }
                else
                {
                    _undecodable.Add(fingerprint);
                }
            }

            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var fingerprint in fingerprints)
            {
                if (!taken.Add(fingerprint))
                {
                    continue;
                }

                if (_entries.TryGetValue(fingerprint, out var entry))
                {
                    entry.References++;
                    anchors.Add(entry.Anchor);
                    held.Add(fingerprint);
                }
                else
                {
                    skipped++;
                }
            }
        }

        foreach (var duplicate in duplicates)
        {
            duplicate.Dispose();
        }

        return new AcquiredAnchors(anchors, held, missing.Count, skipped);
    }

    /// <summary>Gives back one reference to each anchor; an anchor no layer holds any more is disposed.</summary>
    public void Release(IEnumerable<string> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        List<PaTrustAnchor> unused = [];
        lock (_lock)
        {
            foreach (var fingerprint in fingerprints)
            {
                if (_entries.TryGetValue(fingerprint, out var entry) && --entry.References == 0)
                {
                    _entries.Remove(fingerprint);
                    unused.Add(entry.Anchor);
                }
            }
        }

        foreach (var anchor in unused)
        {
            anchor.Dispose();
        }
    }

    /// <summary>Disposes every anchor still held (process shutdown).</summary>
    public void Dispose()
    {
        List<PaTrustAnchor> all;
        lock (_lock)
        {
            all = _entries.Values.Select(e => e.Anchor).ToList();
            _entries.Clear();
        }

        foreach (var anchor in all)
        {
            anchor.Dispose();
        }
    }

    private static PaTrustAnchor? TryDecode(byte[] certificate)
    {
        try
        {
            return PaTrustAnchor.Decode(certificate);
        }
        catch (Icao9303FormatException)
        {
            return null;
        }
    }

    private sealed class Entry(PaTrustAnchor anchor)
    {
        public PaTrustAnchor Anchor { get; } = anchor;

        public int References { get; set; }
    }
}
