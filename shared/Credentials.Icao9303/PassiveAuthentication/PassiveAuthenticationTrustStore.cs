using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// Trust material for Passive Authentication: CSCA certificates (self-signed roots and link certificates, Doc 9303
/// Part 12 section 5) and CRLs. Every certificate supplied here is a trust anchor, as when it comes from a verified
/// CSCA Master List; a link certificate whose issuing CSCA is also present is additionally checked against it.
/// Keys are decoded once and reused.
/// </summary>
public sealed class PassiveAuthenticationTrustStore : IPassiveAuthenticationTrustSource, IDisposable
{
    private readonly List<TrustAnchor> _anchors = [];
    private readonly List<CertificateRevocationList> _crls = [];
    private readonly List<X509CertificateParts> _documentSigners = [];
    private readonly Func<X509CertificateParts, bool>? _announcedRevoked;
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

    private PassiveAuthenticationTrustStore(
        IEnumerable<TrustAnchor> anchors,
        IEnumerable<CertificateRevocationList> crls,
        IEnumerable<X509CertificateParts> documentSigners,
        Func<X509CertificateParts, bool>? announcedRevoked)
    {
        _anchors.AddRange(anchors);
        _crls.AddRange(crls);
        _documentSigners.AddRange(documentSigners);
        _announcedRevoked = announcedRevoked;
        _ownsAnchors = false;
    }

    /// <summary>
    /// A store over anchors decoded earlier (<see cref="TrustAnchor.Decode"/>), so that a long-lived relying party
    /// changing its anchor set decodes only the new anchors. The store borrows them: disposing it does not dispose
    /// them, and the caller must keep them undisposed for as long as the store (or an authenticator over it) is used.
    /// </summary>
    /// <param name="anchors">The decoded anchors (borrowed).</param>
    /// <param name="crls">CRLs.</param>
    /// <param name="documentSigners">Document Signer certificates known out of band (used when the SOD embeds none).</param>
    /// <param name="announcedRevoked">Revocation notices: true for a certificate announced revoked outside any CRL.</param>
    public static PassiveAuthenticationTrustStore FromAnchors(
        IEnumerable<TrustAnchor> anchors,
        IEnumerable<CertificateRevocationList>? crls = null,
        IEnumerable<X509CertificateParts>? documentSigners = null,
        Func<X509CertificateParts, bool>? announcedRevoked = null)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        return new PassiveAuthenticationTrustStore(anchors, crls ?? [], documentSigners ?? [], announcedRevoked);
    }

    /// <summary>The trust anchors.</summary>
    public IReadOnlyList<TrustAnchor> Anchors => _anchors;

    /// <summary>The CRLs.</summary>
    public IReadOnlyList<CertificateRevocationList> Crls => _crls;

    /// <inheritdoc />
    public IReadOnlyList<X509CertificateParts> DocumentSigners => _documentSigners;

    /// <inheritdoc />
    public bool IsAnnouncedRevoked(X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return _announcedRevoked?.Invoke(certificate) ?? false;
    }

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
