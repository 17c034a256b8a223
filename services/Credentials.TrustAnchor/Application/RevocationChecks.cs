using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;
using PaTrustAnchor = Credentials.Icao9303.PassiveAuthentication.TrustAnchor;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// The CRL checks of Passive Authentication (Doc 9303 Part 12 section 7.1.4; same names, reasons and rules as the
/// engine's <c>crl.dsc</c> / <c>crl.csca</c>), decided from the snapshot's CRL set. The engine's store holds anchors
/// only, so a new CRL replaces a list of decoded CRLs instead of re-decoding every anchor key; the engine's own
/// CRL checks (always "missing" against an empty CRL set) are replaced by these.
/// </summary>
internal static class RevocationChecks
{
    /// <summary>Replaces the engine's <c>crl.dsc</c> and <c>crl.csca</c> checks in place when the DSC chained to an anchor.</summary>
    public static void Apply(List<PassiveAuthenticationCheck> checks, TrustSnapshot snapshot, X509CertificateParts? dsc, X509CertificateParts? csca, DateTimeOffset at, bool requireCrl)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (dsc is null || csca is null || snapshot.Anchors.AnchorOf(csca) is not { } anchor)
        {
            return;
        }

        var (crlDsc, crlCsca) = For(snapshot, dsc, anchor, at, requireCrl);
        Replace(checks, "crl.dsc", crlDsc);
        Replace(checks, "crl.csca", crlCsca);
    }

    public static (PassiveAuthenticationCheck Dsc, PassiveAuthenticationCheck Csca) For(TrustSnapshot snapshot, X509CertificateParts dsc, PaTrustAnchor anchor, DateTimeOffset at, bool requireCrl)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(dsc);
        ArgumentNullException.ThrowIfNull(anchor);
        var current = snapshot.CrlsOf(anchor).Where(c => c.ThisUpdate <= at).OrderByDescending(c => c.ThisUpdate).ThenByDescending(c => c.CrlNumber ?? -1).FirstOrDefault();
        if (current is null)
        {
            return (new("crl.dsc", requireCrl ? CheckStatus.Fail : CheckStatus.Warn, "crl.missing",
                    $"No CRL of the CSCA '{anchor.Certificate.SubjectName}' valid at {at:u} is in the store.", Indeterminate: requireCrl),
                new("crl.csca", CheckStatus.Skip, "crl.missing", "No CRL to check the CSCA against."));
        }

        var revokedDsc = current.FindRevoked(dsc.SerialNumber.Span);
        var revokedCsca = current.FindRevoked(anchor.Certificate.SerialNumber.Span);
        PassiveAuthenticationCheck dscCheck = revokedDsc is not null && revokedDsc.RevocationDate <= at
            ? new("crl.dsc", CheckStatus.Fail, "crl.revoked", $"The DSC (serial {dsc.SerialNumberHex}) was revoked {revokedDsc.RevocationDate:u} (CRL of {current.ThisUpdate:u}).")
            : current.IsExpiredAt(at)
                ? new("crl.dsc", requireCrl ? CheckStatus.Fail : CheckStatus.Warn, "crl.stale", $"The newest CRL's nextUpdate {current.NextUpdate:u} is before {at:u}.", Indeterminate: requireCrl)
                : new("crl.dsc", CheckStatus.Pass, "crl.not-revoked", $"The DSC is not on the CRL of {current.ThisUpdate:u}.");
        PassiveAuthenticationCheck cscaCheck = revokedCsca is not null && revokedCsca.RevocationDate <= at
            ? new("crl.csca", CheckStatus.Fail, "crl.revoked", $"The CSCA (serial {anchor.Certificate.SerialNumberHex}) was revoked {revokedCsca.RevocationDate:u}.")
            : new("crl.csca", CheckStatus.Pass, "crl.not-revoked", "The CSCA is not on its CRL.");
        return (dscCheck, cscaCheck);
    }

    private static void Replace(List<PassiveAuthenticationCheck> checks, string name, PassiveAuthenticationCheck replacement)
    {
        var index = checks.FindIndex(c => c.Name == name);
        if (index >= 0)
        {
            checks[index] = replacement;
        }
        else
        {
            checks.Add(replacement);
        }
    }
}
