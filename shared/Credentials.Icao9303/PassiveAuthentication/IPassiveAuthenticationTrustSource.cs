using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// What Passive Authentication trusts: CSCA and link certificates (anchors), the CRLs to judge revocation with, the
/// Document Signer certificates known out of band (for SODs that do not embed theirs, Doc 9303 Part 10 §4.6.2.2), and
/// revocation notices the relying party received. <see cref="PassiveAuthenticationTrustStore"/> is the offline source
/// (credctl); trust-anchor supplies its store snapshot through the same type, so both run one engine with one verdict.
/// </summary>
public interface IPassiveAuthenticationTrustSource
{
    /// <summary>The trust anchors: self-signed CSCAs and link certificates.</summary>
    IReadOnlyList<TrustAnchor> Anchors { get; }

    /// <summary>The CRLs (verified by the engine before use).</summary>
    IReadOnlyList<CertificateRevocationList> Crls { get; }

    /// <summary>Document Signer certificates known to the relying party.</summary>
    IReadOnlyList<X509CertificateParts> DocumentSigners { get; }

    /// <summary>Candidate issuers of <paramref name="certificate"/>: AKI = SKI first, then equivalent names.</summary>
    IEnumerable<TrustAnchor> FindIssuerCandidates(X509CertificateParts certificate);

    /// <summary>True when the relying party was told that <paramref name="certificate"/> is revoked (a notice, not a CRL).</summary>
    bool IsAnnouncedRevoked(X509CertificateParts certificate);
}
