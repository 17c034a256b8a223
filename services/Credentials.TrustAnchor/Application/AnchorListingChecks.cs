using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// The warning on a verdict that relies on an <em>unlisted</em> anchor: a CSCA or link certificate its PKD source no
/// longer lists. It is kept and still used — Doc 9303 Part 12 section 5: documents signed under an older CSCA
/// generation stay valid for their whole validity period, so dropping the certificate would turn them INDETERMINATE —
/// but the relying party is told (check <c>trust.anchor-listed</c>, reason <c>anchor.unlisted</c>). Only an explicit
/// admin removal or a revocation takes an anchor out of verification.
/// </summary>
internal static class AnchorListingChecks
{
    public const string CheckName = "trust.anchor-listed";
    public const string UnlistedReason = "anchor.unlisted";

    /// <summary>Adds the warning when an element of <paramref name="path"/> (anchor first) is unlisted.</summary>
    public static void Apply(List<PassiveAuthenticationCheck> checks, TrustSnapshot snapshot, IEnumerable<X509CertificateParts> path)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(path);
        if (snapshot.UnlistedFingerprints.Count == 0)
        {
            return;
        }

        foreach (var element in path)
        {
            if (snapshot.UnlistedFingerprints.Contains(CertificateSummaries.Fingerprint(element.Encoded.Span)))
            {
                checks.Add(new PassiveAuthenticationCheck(CheckName, CheckStatus.Warn, UnlistedReason,
                    $"'{element.SubjectName}' (serial {element.SerialNumberHex}) is no longer listed by its PKD source; it is kept for documents signed under it."));
                return;
            }
        }
    }
}
