using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Credentials.Icao9303.Cms;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Sod;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// Finds the Document Signer certificate of an EF.SOD (supplied, embedded and named by the SignerInfo sid, or known to
/// the trust source) and its certification path to a trust anchor (RFC 5280 §6.1 profiled by Doc 9303 Part 12 §5:
/// DSC → CSCA or link certificate, issuers matched by AKI/SKI, then name; a link certificate verified under the
/// previous CSCA key). Results are cached per certificate, keyed by its full content and bounded. Thread-safe.
/// <para>The same path rule serves seal signers (<see cref="SignerPathProfile.SealSigner"/>): only the role the end
/// entity must hold and the check names differ.</para>
/// </summary>
internal sealed class SignerChainResolver : IDisposable
{
    private const int MaxCachedSigners = 4096;

    private readonly IPassiveAuthenticationTrustSource _trust;
    private readonly SignerPathProfile _profile;
    private readonly ConcurrentDictionary<byte[], SignerChain> _chains = new(ContentKeyComparer.Instance);
    private readonly ConcurrentDictionary<byte[], SignerChain>.AlternateLookup<ReadOnlySpan<byte>> _chainLookup;

    // The cache entry served last, with its key: the next SOD of the same DSC (the common case) is matched by comparing
    // every byte of the certificate with that key instead of hashing it for the dictionary (which costs ~10x more).
    // Only ever an entry of _chains, so it answers exactly as the dictionary would.
    private CacheEntry? _last;

    public SignerChainResolver(IPassiveAuthenticationTrustSource trust, SignerPathProfile? profile = null)
    {
        _trust = trust;
        _profile = profile ?? SignerPathProfile.DocumentSigner;
        _chainLookup = _chains.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The chain of a supplied DSC (decoded on first sight; cached by content). Throws for a malformed certificate.</summary>
    public (SignerChain Chain, bool Cached) GetChain(ReadOnlySpan<byte> encoded)
    {
        if (TryGetCached(encoded, out var cached))
        {
            return (cached, true);
        }

        var owned = encoded.ToArray();
        return AddChain(owned, X509CertificateParts.Decode(owned));
    }

    /// <summary>
    /// The embedded certificate the SignerInfo sid names (by SKI, or serial number and equivalent issuer name), else a
    /// Document Signer certificate of the trust source that it names (Doc 9303 Part 10 §4.6.2.2 lets the SOD omit it).
    /// </summary>
    public (SignerChain? Chain, bool Cached) FindSigner(EfSod sod)
    {
        var signer = sod.SignerInfo;
        var certificates = sod.SignedData.Certificates;
        for (var i = 0; i < certificates.Count; i++)
        {
            var encoded = certificates[i];
            if (TryGetCached(encoded.Span, out var cached))
            {
                if (CmsSignedData.Matches(signer, cached.Certificate, out _))
                {
                    return (cached, true);
                }

                continue;
            }

            // Decoded from a private copy: the cached certificate must not share memory with the caller's buffer.
            var owned = encoded.ToArray();
            X509CertificateParts certificate;
            try
            {
                certificate = X509CertificateParts.Decode(owned);
            }
            catch (Icao9303FormatException)
            {
                continue;
            }

            if (CmsSignedData.Matches(signer, certificate, out _))
            {
                return AddChain(owned, certificate);
            }
        }

        foreach (var known in _trust.DocumentSigners)
        {
            if (CmsSignedData.Matches(signer, known, out _))
            {
                return GetChain(known.Encoded.Span);
            }
        }

        return (null, true);
    }

    public void Dispose()
    {
        Volatile.Write(ref _last, null);
        foreach (var chain in _chains.Values)
        {
            chain.Key?.Dispose();
        }

        _chains.Clear();
    }

    internal static bool SafeVerify(X509CertificateParts certificate, VerificationKey key)
    {
        try
        {
            return SignatureVerifier.VerifyCertificateSignature(certificate, key);
        }
        catch (Icao9303FormatException)
        {
            return false;
        }
    }

    /// <summary>RFC 5280 §4.1.1.2 (algorithms agree) and §4.2 (unknown critical extension): null when the certificate passes.</summary>
    internal static PassiveAuthenticationCheck? ProfileFailure(string name, string what, X509CertificateParts certificate)
    {
        if (!certificate.SignatureAlgorithmsMatch)
        {
            return new(name, CheckStatus.Fail, "x509.signature-algorithm-mismatch",
                $"The {what} '{certificate.SubjectName}': tbsCertificate.signature differs from signatureAlgorithm (RFC 5280 §4.1.1.2).");
        }

        return CriticalExtensions.FirstUnknown(certificate) is { } oid
            ? new(name, CheckStatus.Fail, "x509.unknown-critical-extension",
                $"The {what} '{certificate.SubjectName}' has critical extension {oid}, which the suite does not understand (RFC 5280 §4.2).")
            : null;
    }

    /// <summary>The cached chain of exactly these certificate bytes (full-content match), if any.</summary>
    private bool TryGetCached(ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out SignerChain? chain)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && encoded.SequenceEqual(last.Encoded))
        {
            chain = last.Chain;
            return true;
        }

        if (_chainLookup.TryGetValue(encoded, out var key, out chain))
        {
            Volatile.Write(ref _last, new CacheEntry(key, chain));
            return true;
        }

        return false;
    }

    private static SignerChain Discard(SignerChain loser, SignerChain winner)
    {
        loser.Key?.Dispose();
        return winner;
    }

    private (SignerChain Chain, bool Cached) AddChain(byte[] encoded, X509CertificateParts dsc)
    {
        var chain = BuildChain(dsc);
        if (_chains.Count >= MaxCachedSigners)
        {
            // Bounded: beyond the limit the chain serves this call only and its key is disposed after it.
            return _chains.TryGetValue(encoded, out var existing) ? (Discard(chain, existing), true) : (chain, false);
        }

        if (_chains.TryAdd(encoded, chain))
        {
            return (chain, true);
        }

        // Raced with another thread that cached the same certificate: use the winner.
        return _chains.TryGetValue(encoded, out var winner) ? (Discard(chain, winner), true) : (chain, false);
    }

    private SignerChain BuildChain(X509CertificateParts dsc)
    {
        VerificationKey? key = null;
        string? keyError = null;
        try
        {
            // Ownership passes to the SignerChain: disposed with the resolver when cached, after the call otherwise.
#pragma warning disable CA2000
            key = VerificationKey.FromSubjectPublicKeyInfo(dsc.SubjectPublicKeyInfo);
#pragma warning restore CA2000
        }
        catch (Icao9303FormatException ex)
        {
            keyError = ex.Message;
        }

        var candidates = _trust.FindIssuerCandidates(dsc).ToList();
        if (candidates.Count == 0)
        {
            return new SignerChain(dsc, key, keyError, _profile)
            {
                ChainReason = "chain.no-trust-anchor",
                ChainDetail = $"No CSCA for issuer '{dsc.IssuerName}' is in the trust store.",
            };
        }

        // Of the anchors whose key verifies the DSC, a self-signed CSCA is preferred to a link certificate for the same
        // key: the path is then the same whatever else (Master List links) the trust source holds.
        TrustAnchor? chosen = null;
        foreach (var candidate in candidates)
        {
            if (!SafeVerify(dsc, candidate.Key))
            {
                continue;
            }

            if (SafeVerify(candidate.Certificate, candidate.Key))
            {
                chosen = candidate;
                break;
            }

            chosen ??= candidate;
        }

        if (chosen is not null)
        {
            var how = dsc.AuthorityKeyIdentifier is { } aki && chosen.Certificate.SubjectKeyIdentifier is { } ski && aki.Span.SequenceEqual(ski.Span)
                ? "AKI/SKI"
                : "issuer name";
            return new SignerChain(dsc, key, keyError, _profile)
            {
                Anchor = chosen,
                ChainReason = "chain.valid",
                ChainDetail = $"{_profile.Label} signed by CSCA '{chosen.SubjectName}' (serial {chosen.Certificate.SerialNumberHex}), matched by {how}.",
                PathChecks = PathChecksOf(dsc, chosen),
            };
        }

        return new SignerChain(dsc, key, keyError, _profile)
        {
            ChainReason = "chain.signature-invalid",
            ChainDetail = $"{candidates.Count} CSCA certificate(s) match the {_profile.Label} issuer but none verifies its signature.",
        };
    }

    /// <summary>The fixed checks of the path DSC → anchor (→ previous CSCA key for a link certificate).</summary>
    private List<PassiveAuthenticationCheck> PathChecksOf(X509CertificateParts dsc, TrustAnchor anchor)
    {
        var checks = new List<PassiveAuthenticationCheck>(5);
        var label = _profile.Label;

        // RFC 5280 §6.1.3 (a)(4): the issuer name is the anchor's subject; §4.2.1.1: the AKI names the anchor's key.
        var nameMatches = DistinguishedNames.AreEquivalent(dsc.Issuer, anchor.Certificate.Subject);
        var akiMatches = dsc.AuthorityKeyIdentifier is not { } aki || anchor.Certificate.SubjectKeyIdentifier is not { } ski || aki.Span.SequenceEqual(ski.Span);
        checks.Add(!nameMatches
            ? new("chain.issuer", CheckStatus.Fail, "chain.issuer-name-mismatch", $"The {label} names issuer '{dsc.IssuerName}', but the key that signed it belongs to '{anchor.SubjectName}'.")
            : !akiMatches
                ? new("chain.issuer", CheckStatus.Fail, "chain.aki-mismatch", $"The {label}'s AuthorityKeyIdentifier does not name the key of '{anchor.SubjectName}' that signed it.")
                : new("chain.issuer", CheckStatus.Pass, "chain.issuer-match", $"Issuer name and AuthorityKeyIdentifier name the anchor that signed the {label}."));
        var profileCheck = $"{_profile.Prefix}.profile";
        checks.Add(ProfileFailure(profileCheck, label, dsc)
            ?? new(profileCheck, CheckStatus.Pass, "x509.ok", $"The {label}'s signature algorithms agree and it has no unknown critical extension."));
        if (ProfileFailure("csca.profile", "CSCA", anchor.Certificate) is { } anchorFailure)
        {
            checks.Add(anchorFailure);
        }

        // The anchor issued the DSC: its key must be a certificate-signing CA key (RFC 5280 §6.1.4 (k), (n)).
        var selfSigned = SafeVerify(anchor.Certificate, anchor.Key);
        var role = CertificateRoleRule.Check(anchor.Certificate, selfSigned ? CertificateRole.Csca : CertificateRole.Link);
        checks.Add(new("chain.issuer-role", role.IsAllowed ? CheckStatus.Pass : CheckStatus.Fail, role.Reason, role.Detail));
        if (!selfSigned)
        {
            checks.Add(CheckLink(anchor));
        }

        return checks;
    }

    /// <summary>
    /// A link certificate (new CSCA key certified by the previous one, Doc 9303 Part 12 §5.1) must verify under the
    /// previous key when the trust store holds that key: a candidate issuer (AKI/SKI or name, another key than the link's
    /// own) that does not verify it fails the link. Without any candidate the link certificate is an anchor in its own right.
    /// </summary>
    private PassiveAuthenticationCheck CheckLink(TrustAnchor link)
    {
        var certificate = link.Certificate;
        var previousKeys = 0;
        foreach (var issuer in _trust.FindIssuerCandidates(certificate))
        {
            if (ReferenceEquals(issuer, link) || issuer.Certificate.SubjectPublicKeyInfo.Span.SequenceEqual(certificate.SubjectPublicKeyInfo.Span))
            {
                continue; // the new key itself (its self-signed CSCA certificate) is not the previous key
            }

            previousKeys++;
            if (!SafeVerify(certificate, issuer.Key))
            {
                continue;
            }

            var role = CertificateRoleRule.Check(issuer.Certificate, CertificateRole.Csca);
            return role.IsAllowed
                ? new("chain.link", CheckStatus.Pass, "chain.link-valid", $"Link certificate signed by CSCA serial {issuer.Certificate.SerialNumberHex}.")
                : new("chain.link", CheckStatus.Fail, role.Reason, $"The previous CSCA (serial {issuer.Certificate.SerialNumberHex}) may not certify keys: {role.Detail}");
        }

        return previousKeys == 0
            ? new("chain.link", CheckStatus.Pass, "chain.link-valid", "Link certificate; its issuing CSCA is not in the trust store, the link certificate itself is trusted.")
            : new("chain.link", CheckStatus.Fail, "chain.link-signature-invalid",
                $"The link certificate '{certificate.SubjectName}' (serial {certificate.SerialNumberHex}) does not verify under any of the {previousKeys} previous CSCA key(s) that match its issuer.");
    }

    private sealed record CacheEntry(byte[] Encoded, SignerChain Chain);
}
