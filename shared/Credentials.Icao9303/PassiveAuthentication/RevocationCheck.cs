using System.Collections.Concurrent;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// Revocation of the DSC and its CSCA (Doc 9303 Part 12 §7.1.4; RFC 5280 §6.3.3). A CRL applies to a DSC when its issuer
/// name is the DSC's issuer name and it is signed by a key of that CSCA's lineage — the anchor itself or any CSCA key
/// the trust store connects to it through link certificates (a State signs its CRL with its newest key after a
/// rollover) — whose certificate may sign CRLs. Of the applicable CRLs the newest wins (<see cref="CrlSelection"/>).
/// Revocation notices of the trust source are a separate check. CRLs are verified once per anchor. Thread-safe.
/// </summary>
internal sealed class RevocationCheck(IPassiveAuthenticationTrustSource trust, PassiveAuthenticationPolicy policy)
{
    private const int MaxLineage = 64;
    private static readonly PassiveAuthenticationCheck CscaNotRevokedCheck = new("crl.csca", CheckStatus.Pass, "crl.not-revoked", "The CSCA is not on its CRL.");

    private readonly ConcurrentDictionary<TrustAnchor, CertificateRevocationList[]> _crlsByAnchor = new();

    // The "not revoked" entry depends only on the CRL and the caller's names: built once per CRL of the trust source and
    // caller (PA, seals), not formatted on every verification. Bounded by the trust source's CRLs times two callers.
    private readonly ConcurrentDictionary<(CertificateRevocationList Crl, string CheckName, string Subject), PassiveAuthenticationCheck> _notRevoked = new();

    public void Add(List<PassiveAuthenticationCheck> checks, X509CertificateParts dsc, TrustAnchor anchor, DateTimeOffset validationTime) =>
        Add(checks, dsc, anchor, validationTime, "crl.dsc", "DSC");

    /// <summary>
    /// The same rule for any end-entity signer issued by <paramref name="anchor"/> (a DSC, a seal signer): its status is
    /// reported as <paramref name="checkName"/>, naming it <paramref name="subject"/> in the details.
    /// </summary>
    public void Add(List<PassiveAuthenticationCheck> checks, X509CertificateParts dsc, TrustAnchor anchor, DateTimeOffset validationTime, string checkName, string subject)
    {
        var crls = _crlsByAnchor.GetOrAdd(anchor, ApplicableCrls);
        var current = CrlSelection.NewestOfIssuer(crls, dsc.Issuer, validationTime);
        if (current is null)
        {
            checks.Add(new(checkName, policy.RequireCrl ? CheckStatus.Fail : CheckStatus.Warn, "crl.missing",
                $"No CRL of the CSCA '{anchor.SubjectName}' valid at {validationTime:u} was supplied.", Indeterminate: policy.RequireCrl));
            checks.Add(new("crl.csca", CheckStatus.Skip, "crl.missing", "No CRL to check the CSCA against."));
            AddNotice(checks, dsc, subject);
            return;
        }

        // RFC 5280 §6.3.3: a CRL with a critical extension the relying party does not understand cannot decide status.
        if (CriticalExtensions.FirstUnknown(current) is { } unknown)
        {
            checks.Add(new(checkName, CheckStatus.Fail, "crl.unknown-critical-extension",
                $"The CRL of {current.ThisUpdate:u} has critical extension {unknown}, which the suite does not understand."));
            checks.Add(new("crl.csca", CheckStatus.Skip, "crl.unknown-critical-extension", "The CRL cannot be used."));
            AddNotice(checks, dsc, subject);
            return;
        }

        var revokedDsc = current.FindRevoked(dsc.SerialNumber.Span);
        if (revokedDsc is not null && revokedDsc.RevocationDate <= validationTime)
        {
            checks.Add(new(checkName, CheckStatus.Fail, "crl.revoked", $"The {subject} (serial {dsc.SerialNumberHex}) was revoked {revokedDsc.RevocationDate:u} (CRL of {current.ThisUpdate:u})."));
        }
        else if (current.IsExpiredAt(validationTime))
        {
            checks.Add(new(checkName, policy.RequireCrl ? CheckStatus.Fail : CheckStatus.Warn, "crl.stale",
                $"The newest CRL's nextUpdate {current.NextUpdate:u} is before {validationTime:u}.", Indeterminate: policy.RequireCrl));
        }
        else
        {
            checks.Add(_notRevoked.GetOrAdd((current, checkName, subject), static key =>
                new(key.CheckName, CheckStatus.Pass, "crl.not-revoked", $"The {key.Subject} is not on the CRL of {key.Crl.ThisUpdate:u}.")));
        }

        var revokedCsca = current.FindRevoked(anchor.Certificate.SerialNumber.Span);
        checks.Add(revokedCsca is not null && revokedCsca.RevocationDate <= validationTime
            ? new("crl.csca", CheckStatus.Fail, "crl.revoked", $"The CSCA (serial {anchor.Certificate.SerialNumberHex}) was revoked {revokedCsca.RevocationDate:u}.")
            : CscaNotRevokedCheck);
        AddNotice(checks, dsc, subject);
    }

    private void AddNotice(List<PassiveAuthenticationCheck> checks, X509CertificateParts dsc, string subject)
    {
        if (trust.IsAnnouncedRevoked(dsc))
        {
            checks.Add(new("revocation.notice", CheckStatus.Fail, "revocation.notice", $"The issuing CSCA announced this {subject} revoked (a revocation notice)."));
        }
    }

    /// <summary>The CRLs of the trust source that verify under a key of <paramref name="anchor"/>'s lineage allowed to sign CRLs.</summary>
    private CertificateRevocationList[] ApplicableCrls(TrustAnchor anchor)
    {
        var lineage = Lineage(anchor);
        var result = new List<CertificateRevocationList>();
        foreach (var crl in trust.Crls)
        {
            foreach (var key in lineage)
            {
                if (CertificateRoleRule.Check(key.Certificate, CertificateRole.CrlIssuer).IsAllowed && CrlVerifier.Verify(crl, key.Certificate).IsValid)
                {
                    result.Add(crl);
                    break;
                }
            }
        }

        return [.. result];
    }

    /// <summary>
    /// The anchor and every anchor connected to it by a verified certification (a link certificate in either direction:
    /// older keys that certified it, newer keys it certified) or by carrying the same public key, breadth first, bounded.
    /// </summary>
    private List<TrustAnchor> Lineage(TrustAnchor anchor)
    {
        var lineage = new List<TrustAnchor> { anchor };
        var seen = new HashSet<TrustAnchor> { anchor };
        for (var i = 0; i < lineage.Count && lineage.Count < MaxLineage; i++)
        {
            var current = lineage[i];
            foreach (var other in trust.Anchors)
            {
                if (seen.Contains(other))
                {
                    continue;
                }

                var sameKey = other.Certificate.SubjectPublicKeyInfo.Span.SequenceEqual(current.Certificate.SubjectPublicKeyInfo.Span);
                var related = sameKey
                    || (IssuerMatches(current.Certificate, other.Certificate) && SignerChainResolver.SafeVerify(current.Certificate, other.Key))
                    || (IssuerMatches(other.Certificate, current.Certificate) && SignerChainResolver.SafeVerify(other.Certificate, current.Key));
                if (related && seen.Add(other))
                {
                    lineage.Add(other);
                }
            }
        }

        return lineage;
    }

    /// <summary>May <paramref name="issuer"/> have issued <paramref name="certificate"/>: AKI = SKI, or issuer name = subject name.</summary>
    private static bool IssuerMatches(X509CertificateParts certificate, X509CertificateParts issuer) =>
        certificate.AuthorityKeyIdentifier is { } aki && issuer.SubjectKeyIdentifier is { } ski
            ? aki.Span.SequenceEqual(ski.Span)
            : DistinguishedNames.AreEquivalent(certificate.Issuer, issuer.Subject);
}
