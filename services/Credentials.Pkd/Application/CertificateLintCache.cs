using System.Collections.Concurrent;
using Credentials.Icao9303.X509;

namespace Credentials.Pkd.Application;

/// <summary>
/// Part 12 profile findings of the certificates of one artifact, by fingerprint and profile: the same CSCA and link
/// certificates come in every Master List of a PKD download (280 certificates × 200 lists in the PKD-sized file), and
/// the linter's verdict on identical DER under the same profile is the same, so each is linted once. Safe for the
/// concurrent unit verifications of the artifact.
/// </summary>
internal sealed class CertificateLintCache
{
    private readonly ConcurrentDictionary<(string Fingerprint, CertificateProfile Profile), IReadOnlyList<LintFinding>> _findings = new();

    /// <summary>The findings of <paramref name="fingerprint"/> under <paramref name="profile"/>, linting it on first use.</summary>
    public IReadOnlyList<LintFinding> GetOrLint(string fingerprint, CertificateProfile profile, Func<IReadOnlyList<LintFinding>> lint) =>
        _findings.GetOrAdd((fingerprint, profile), static (_, lint) => lint(), lint);
}
