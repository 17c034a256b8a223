using System.Collections.Concurrent;
using System.Collections.Frozen;
using Credentials.Contracts.Common.V1;
using Credentials.Icao9303;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;
using PaTrustAnchor = Credentials.Icao9303.PassiveAuthentication.TrustAnchor;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// The in-process, immutable view of the store at one version: the decoded anchors and CRLs (keys decoded once), one
/// <see cref="PassiveAuthenticator"/> per policy combination (each caches the chain of every DSC it has seen), the
/// Document Signer certificates by fingerprint and the revocation notices. Replaced as a whole when the store changes,
/// so a verification never sees half an update. Thread-safe.
/// </summary>
internal sealed class TrustSnapshot : IDisposable
{
    private readonly PassiveAuthenticator?[] _authenticators = new PassiveAuthenticator?[4];
    private readonly Lock _authenticatorsLock = new();
    private const int MaxCachedSummaries = 8192;
    private readonly ConcurrentDictionary<PaTrustAnchor, IReadOnlyList<CertificateRevocationList>> _crlsByAnchor = new();
    private readonly ConcurrentDictionary<string, Certificate> _summaries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<Certificate>> _paths = new(StringComparer.Ordinal);

    private TrustSnapshot(long version, PassiveAuthenticationTrustStore store, IReadOnlyList<X509CertificateParts> documentSigners, FrozenSet<string> revoked, int skipped)
    {
        Version = version;
        Store = store;
        DocumentSigners = documentSigners;
        RevokedFingerprints = revoked;
        SkippedCount = skipped;
    }

    /// <summary>The store version this snapshot was built from.</summary>
    public long Version { get; }

    /// <summary>Anchors and CRLs.</summary>
    public PassiveAuthenticationTrustStore Store { get; }

    /// <summary>Document Signer certificates known to the store (for SODs without an embedded DSC).</summary>
    public IReadOnlyList<X509CertificateParts> DocumentSigners { get; }

    /// <summary>Fingerprints named by <c>certificate.revoked</c> notices.</summary>
    public FrozenSet<string> RevokedFingerprints { get; }

    /// <summary>Stored objects that no longer decode (left out of the snapshot).</summary>
    public int SkippedCount { get; }

    /// <summary>Builds a snapshot; objects that do not decode are skipped and counted (they were checked when stored).</summary>
    public static TrustSnapshot Build(TrustMaterial material)
    {
        ArgumentNullException.ThrowIfNull(material);
        var skipped = 0;
        var anchors = new List<ReadOnlyMemory<byte>>(material.Anchors.Count);
        foreach (var der in material.Anchors)
        {
            if (Decodes(der, d => { using var key = VerificationKey.FromSubjectPublicKeyInfo(X509CertificateParts.Decode(d).SubjectPublicKeyInfo); }))
            {
                anchors.Add(der);
            }
            else
            {
                skipped++;
            }
        }

        var crls = new List<ReadOnlyMemory<byte>>(material.Crls.Count);
        foreach (var der in material.Crls)
        {
            if (Decodes(der, d => CertificateRevocationList.Decode(d)))
            {
                crls.Add(der);
            }
            else
            {
                skipped++;
            }
        }

        var signers = new List<X509CertificateParts>(material.DocumentSigners.Count);
        foreach (var der in material.DocumentSigners)
        {
            try
            {
                signers.Add(X509CertificateParts.Decode(der));
            }
            catch (Icao9303FormatException)
            {
                skipped++;
            }
        }

        var store = new PassiveAuthenticationTrustStore(anchors, crls);
        return new TrustSnapshot(material.Version, store, signers, material.RevokedFingerprints.ToFrozenSet(StringComparer.Ordinal), skipped);
    }

    /// <summary>The authenticator for a policy; created on first use and shared by every caller of this snapshot.</summary>
    public PassiveAuthenticator Authenticator(bool requireCrl, bool rejectSha1)
    {
        var index = (requireCrl ? 1 : 0) + (rejectSha1 ? 2 : 0);
        var existing = Volatile.Read(ref _authenticators[index]);
        if (existing is not null)
        {
            return existing;
        }

        lock (_authenticatorsLock)
        {
            return _authenticators[index] ??= new PassiveAuthenticator(Store, new PassiveAuthenticationPolicy { RequireCrl = requireCrl, RejectSha1 = rejectSha1 });
        }
    }

    /// <summary>The CRLs of the store whose signature verifies with <paramref name="anchor"/>'s key (cached).</summary>
    public IReadOnlyList<CertificateRevocationList> CrlsOf(PaTrustAnchor anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        return _crlsByAnchor.GetOrAdd(anchor, a => Store.Crls.Where(c => CrlVerifier.Verify(c, a.Certificate).IsValid).ToList());
    }

    /// <summary>
    /// The contract summary of a certificate with its status set for this call. The status-free summary (key decoding
    /// included) is computed once per certificate and snapshot: the hot path only clones it.
    /// </summary>
    public Certificate Summary(X509CertificateParts certificate, CertificateStatus status)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var fingerprint = CertificateSummaries.Fingerprint(certificate.Encoded.Span);
        if (!_summaries.TryGetValue(fingerprint, out var cached))
        {
            cached = CertificateSummaries.Summarize(certificate, CertificateSummaries.Classify(certificate), CertificateStatus.Unspecified);
            if (_summaries.Count < MaxCachedSummaries)
            {
                cached = _summaries.GetOrAdd(fingerprint, cached);
            }
        }

        var copy = cached.Clone();
        copy.Status = status;
        return copy;
    }

    /// <summary>The path from <paramref name="anchor"/> to its self-signed CSCA as status-free summaries (cached per anchor).</summary>
    public IReadOnlyList<Certificate> PathSummaries(X509CertificateParts anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        var fingerprint = CertificateSummaries.Fingerprint(anchor.Encoded.Span);
        if (_paths.TryGetValue(fingerprint, out var cached))
        {
            return cached;
        }

        var path = CertificatePaths.PathFrom(this, anchor)
            .Select(c => CertificateSummaries.Summarize(c, CertificateSummaries.Classify(c), CertificateStatus.Unspecified))
            .ToList();
        return _paths.Count < MaxCachedSummaries ? _paths.GetOrAdd(fingerprint, path) : path;
    }

    public void Dispose()
    {
        foreach (var authenticator in _authenticators)
        {
            authenticator?.Dispose();
        }

        Store.Dispose();
    }

    private static bool Decodes(byte[] der, Action<ReadOnlyMemory<byte>> decode)
    {
        try
        {
            decode(der);
            return true;
        }
        catch (Icao9303FormatException)
        {
            return false;
        }
    }
}
