using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;
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
    private readonly PassiveAuthenticator?[] _authenticators = new PassiveAuthenticator?[8];
    private readonly Credentials.Icao9303.Vds.SealVerifier?[] _sealVerifiers = new Credentials.Icao9303.Vds.SealVerifier?[2];
    private readonly Lock _authenticatorsLock = new();
    private const int MaxCachedSummaries = 8192;
    private readonly ConcurrentDictionary<PaTrustAnchor, IReadOnlyList<CertificateRevocationList>> _crlsByAnchor = new();
    private readonly ConcurrentDictionary<string, Certificate> _summaries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<Certificate>> _paths = new(StringComparer.Ordinal);

    // SHA-256 fingerprints by certificate object: the engine hands out the same decoded DSC (its chain cache) and anchor
    // objects on every call, and their bytes never change (decoded from private copies), so each is hashed once.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<X509CertificateParts, string> _fingerprints = [];
    private Dictionary<string, X509CertificateParts> _signersByFingerprint = new(StringComparer.Ordinal);
    private Dictionary<string, CertificateRevocationList> _crlsByFingerprint = new(StringComparer.Ordinal);

    private TrustSnapshot(
        long version, AnchorLayer anchors, IReadOnlyList<CertificateRevocationList> crls, IReadOnlyList<X509CertificateParts> documentSigners, FrozenSet<string> revoked, int skipped)
    {
        Version = version;
        Anchors = anchors;
        Crls = crls;
        DocumentSigners = documentSigners;
        RevokedFingerprints = revoked;
        SkippedCount = skipped;
    }

    /// <summary>The store version this snapshot was built from.</summary>
    public long Version { get; }

    /// <summary>When this process built the snapshot (GetTrustStoreStatus reports its age).</summary>
    public DateTimeOffset BuiltAt { get; private init; }

    /// <summary>The decoded anchors; shared with the previous snapshot when the anchor set did not change.</summary>
    public AnchorLayer Anchors { get; }

    /// <summary>The anchors only (for path building and imports; verification uses <see cref="TrustSource"/>).</summary>
    public PassiveAuthenticationTrustStore Store => Anchors.Store;

    /// <summary>
    /// The snapshot as the engine's trust source: the anchors (borrowed from the anchor layer), the CRLs, the stored
    /// Document Signer certificates and the <c>certificate.revoked</c> notices. Passive Authentication decides everything
    /// from it: nothing is patched afterwards.
    /// </summary>
    public PassiveAuthenticationTrustStore TrustSource { get; private set; } = null!;

    /// <summary>The current CRL of every issuer, decoded.</summary>
    public IReadOnlyList<CertificateRevocationList> Crls { get; }

    /// <summary>Document Signer certificates known to the store (for SODs without an embedded DSC).</summary>
    public IReadOnlyList<X509CertificateParts> DocumentSigners { get; }

    /// <summary>Fingerprints named by <c>certificate.revoked</c> notices.</summary>
    public FrozenSet<string> RevokedFingerprints { get; }

    /// <summary>Fingerprints of anchors their pkd source no longer lists (still used; see <see cref="AnchorListingChecks"/>).</summary>
    public FrozenSet<string> UnlistedFingerprints { get; private init; } = FrozenSet<string>.Empty;

    /// <summary>Stored objects that no longer decode (left out of the snapshot).</summary>
    public int SkippedCount { get; }

    /// <summary>
    /// Builds a snapshot; objects that do not decode are skipped and counted (they were checked when stored). Nothing
    /// is decoded twice: the anchor layer of <paramref name="previous"/> is reused when the anchor set is the same (a CRL
    /// or revocation event), a changed anchor set takes its anchors from <paramref name="pool"/> (only new CSCAs are
    /// decoded), and Document Signer certificates and CRLs already decoded by <paramref name="previous"/> are reused by
    /// fingerprint.
    /// </summary>
    public static TrustSnapshot Build(TrustMaterial material, TrustSnapshot? previous, AnchorPool pool, DateTimeOffset builtAt)
    {
        ArgumentNullException.ThrowIfNull(material);
        ArgumentNullException.ThrowIfNull(pool);
        var skipped = 0;
        var signers = DecodeReusing(material.DocumentSigners, previous?._signersByFingerprint, X509CertificateParts.Decode, ref skipped, out var signersByFingerprint);
        var crls = DecodeReusing(material.Crls, previous?._crlsByFingerprint, CertificateRevocationList.Decode, ref skipped, out var crlsByFingerprint);

        var key = AnchorLayer.KeyOf(material.Anchors);
        AnchorLayer anchors;
        if (previous is not null && previous.Anchors.Key == key)
        {
            anchors = previous.Anchors;
        }
        else
        {
            anchors = AnchorLayer.Build(key, material.Anchors, pool);
        }

        skipped += anchors.Skipped;
        var revoked = material.RevokedFingerprints.ToFrozenSet(StringComparer.Ordinal);
        var snapshot = new TrustSnapshot(material.Version, anchors, crls, signers, revoked, skipped)
        {
            BuiltAt = builtAt,
            _signersByFingerprint = signersByFingerprint,
            _crlsByFingerprint = crlsByFingerprint,
            UnlistedFingerprints = (material.UnlistedFingerprints ?? []).ToFrozenSet(StringComparer.Ordinal),
        };
        // Revocation notices are looked up on every verification: without any notice there is nothing to hash.
        snapshot.TrustSource = PassiveAuthenticationTrustStore.FromAnchors(
            anchors.Store.Anchors, crls, signers, revoked.Count == 0 ? null : c => revoked.Contains(snapshot.FingerprintOf(c)));
        return snapshot;
    }

    /// <summary>The SHA-256 fingerprint (lower-case hex) of a decoded certificate, computed once per certificate object.</summary>
    public string FingerprintOf(X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return _fingerprints.GetValue(certificate, static c => CertificateSummaries.Fingerprint(c.Encoded.Span));
    }

    /// <summary>The authenticator for a policy; created on first use and shared by every caller of this snapshot.</summary>
    public PassiveAuthenticator Authenticator(bool requireCrl, bool rejectSha1, bool requireActiveAuthentication)
    {
        var index = (requireCrl ? 1 : 0) + (rejectSha1 ? 2 : 0) + (requireActiveAuthentication ? 4 : 0);
        var existing = Volatile.Read(ref _authenticators[index]);
        if (existing is not null)
        {
            return existing;
        }

        lock (_authenticatorsLock)
        {
            return _authenticators[index] ??= new PassiveAuthenticator(TrustSource, new PassiveAuthenticationPolicy
            {
                RequireCrl = requireCrl,
                RejectSha1 = rejectSha1,
                RequireActiveAuthentication = requireActiveAuthentication,
            });
        }
    }

    /// <summary>
    /// The seal verifier of this snapshot for a CRL policy (created on first use, shared; it caches every seal signer it
    /// has seen). It runs over <see cref="TrustSource"/>, so seals get the same revocation rule as documents.
    /// </summary>
    public Credentials.Icao9303.Vds.SealVerifier SealVerifier(bool requireCrl)
    {
        var index = requireCrl ? 1 : 0;
        var existing = Volatile.Read(ref _sealVerifiers[index]);
        if (existing is not null)
        {
            return existing;
        }

        lock (_authenticatorsLock)
        {
            return _sealVerifiers[index] ??= new Credentials.Icao9303.Vds.SealVerifier(TrustSource, new PassiveAuthenticationPolicy { RequireCrl = requireCrl });
        }
    }

    /// <summary>The CRLs of the store whose signature verifies with <paramref name="anchor"/>'s key (cached).</summary>
    public IReadOnlyList<CertificateRevocationList> CrlsOf(PaTrustAnchor anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        return _crlsByAnchor.GetOrAdd(anchor, a => Crls.Where(c => MayBeIssuedBy(c, a.Certificate) && CrlVerifier.Verify(c, a.Certificate).IsValid).ToList());
    }

    /// <summary>
    /// The contract summary of a certificate with its status set for this call. The status-free summary (key decoding
    /// included) is computed once per certificate and snapshot: the hot path only clones it.
    /// </summary>
    public Certificate Summary(X509CertificateParts certificate, CertificateStatus status)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var fingerprint = FingerprintOf(certificate);
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
        var fingerprint = FingerprintOf(anchor);
        if (_paths.TryGetValue(fingerprint, out var cached))
        {
            return cached;
        }

        var path = CertificatePaths.PathFrom(this, anchor)
            .Select(c => CertificateSummaries.Summarize(c, CertificateSummaries.Classify(c), CertificateStatus.Unspecified))
            .ToList();
        return _paths.Count < MaxCachedSummaries ? _paths.GetOrAdd(fingerprint, path) : path;
    }

    /// <summary>Disposes the authenticators (their cached DSC keys), and the anchor layer when <paramref name="withAnchors"/>.</summary>
    public void Dispose(bool withAnchors)
    {
        foreach (var authenticator in _authenticators)
        {
            authenticator?.Dispose();
        }

        foreach (var sealVerifier in _sealVerifiers)
        {
            sealVerifier?.Dispose();
        }

        if (withAnchors)
        {
            Anchors.Dispose();
        }
    }

    public void Dispose() => Dispose(withAnchors: true);

    /// <summary>
    /// Decodes <paramref name="encoded"/> in order, taking objects with the same DER fingerprint from
    /// <paramref name="previous"/> (decoded objects are immutable, so snapshots may share them).
    /// </summary>
    private static List<T> DecodeReusing<T>(
        IReadOnlyList<byte[]> encoded, Dictionary<string, T>? previous, Func<ReadOnlyMemory<byte>, T> decode, ref int skipped, out Dictionary<string, T> byFingerprint)
        where T : class
    {
        var decoded = new List<T>(encoded.Count);
        byFingerprint = new Dictionary<string, T>(encoded.Count, StringComparer.Ordinal);
        foreach (var der in encoded)
        {
            var fingerprint = Convert.ToHexStringLower(SHA256.HashData(der));
            if (byFingerprint.TryGetValue(fingerprint, out var item) || (previous is not null && previous.TryGetValue(fingerprint, out item)))
            {
                byFingerprint[fingerprint] = item;
                decoded.Add(item);
                continue;
            }

            try
            {
                item = decode(der);
                byFingerprint[fingerprint] = item;
                decoded.Add(item);
            }
            catch (Icao9303FormatException)
            {
                skipped++;
            }
        }

        return decoded;
    }

    /// <summary>A CRL names its issuer by AKI (= the CSCA's SKI) or, without AKI, by issuer name: only those are verified.</summary>
    private static bool MayBeIssuedBy(CertificateRevocationList crl, X509CertificateParts issuer) =>
        crl.AuthorityKeyIdentifier is { } aki && issuer.SubjectKeyIdentifier is { } ski
            ? aki.Span.SequenceEqual(ski.Span)
            : DistinguishedNames.AreEquivalent(crl.Issuer, issuer.Subject);
}
