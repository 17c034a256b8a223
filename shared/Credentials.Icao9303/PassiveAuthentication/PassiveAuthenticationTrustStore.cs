using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// Trust material for Passive Authentication: CSCA certificates (self-signed roots and link certificates, Doc 9303
/// Part 12 section 5) and CRLs. Every certificate supplied here is a trust anchor, as when it comes from a verified
/// CSCA Master List; a link certificate whose issuing CSCA is also present is additionally checked against it.
/// Keys are decoded once and reused.
/// </summary>
public sealed class PassiveAuthenticationTrustStore : IDisposable
{
    private readonly List<TrustAnchor> _anchors = [];
    private readonly List<CertificateRevocationList> _crls = [];
    private readonly bool _ownsAnchors = true;

    /// <summary>Creates the store.</summary>
    /// <exception cref="Icao9303FormatException">A certificate or CRL is malformed.</exception>
    public PassiveAuthenticationTrustStore(IEnumerable<ReadOnlyMemory<byte>> cscaCertificates, IEnumerable<ReadOnlyMemory<byte>>? crls = null)
    {
        ArgumentNullException.ThrowIfNull(cscaCertificates);
        try
        {
            foreach (var encoded in cscaCertificates)
            {
                _anchors.Add(TrustAnchor.Decode(encoded));
            }

            foreach (var encoded in crls ?? [])
            {
                _crls.Add(CertificateRevocationList.Decode(encoded));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private PassiveAuthenticationTrustStore(IEnumerable<TrustAnchor> anchors, IEnumerable<CertificateRevocationList> crls)
    {
        _anchors.AddRange(anchors);
        _crls.AddRange(crls);
        _ownsAnchors = false;
    }

    /// <summary>
    /// A store over anchors decoded earlier (<see cref="TrustAnchor.Decode"/>), so that a long-lived relying party
    /// changing its anchor set decodes only the new anchors. The store borrows them: disposing it does not dispose
    /// them, and the caller must keep them undisposed for as long as the store (or an authenticator over it) is used.
    /// </summary>
    public static PassiveAuthenticationTrustStore FromAnchors(IEnumerable<TrustAnchor> anchors, IEnumerable<CertificateRevocationList>? crls = null)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        return new PassiveAuthenticationTrustStore(anchors, crls ?? []);
    }

    /// <summary>The trust anchors.</summary>
    public IReadOnlyList<TrustAnchor> Anchors => _anchors;

    /// <summary>The CRLs.</summary>
    public IReadOnlyList<CertificateRevocationList> Crls => _crls;

    /// <summary>
    /// Candidate issuers of <paramref name="certificate"/>: first those whose SKI equals its AKI, then those whose subject
    /// name is equivalent to its issuer name.
    /// </summary>
    public IEnumerable<TrustAnchor> FindIssuerCandidates(X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var seen = new HashSet<TrustAnchor>();
        if (certificate.AuthorityKeyIdentifier is { } aki)
        {
            foreach (var anchor in _anchors)
            {
                if (anchor.Certificate.SubjectKeyIdentifier is { } ski && ski.Span.SequenceEqual(aki.Span) && seen.Add(anchor))
                {
                    yield return anchor;
                }
            }
        }

        foreach (var anchor in _anchors)
        {
            if (!seen.Contains(anchor) && DistinguishedNames.AreEquivalent(anchor.Certificate.Subject, certificate.Issuer))
            {
                seen.Add(anchor);
                yield return anchor;
            }
        }
    }

    /// <summary>Disposes the anchors this store decoded itself (not those borrowed through <see cref="FromAnchors"/>).</summary>
    public void Dispose()
    {
        if (!_ownsAnchors)
        {
            return;
        }

        foreach (var anchor in _anchors)
        {
            anchor.Dispose();
        }
    }
}
