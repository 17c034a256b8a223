using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.X509;

/// <summary>
/// The Master List signer and Deviation List signer profiles (Doc 9303 Part 12 §7.1.2): the ICAO signer
/// ExtendedKeyUsage (id-icao-cscaMasterListSigningKey / id-icao-deviationListSigningKey), critical KeyUsage
/// digitalSignature, not a CA, an AuthorityKeyIdentifier. Rule ids carry the prefix <c>MLS-</c> or <c>DLS-</c>.
/// </summary>
internal static class SignerListProfileRules
{
    public static void Lint(X509CertificateParts certificate, LintedExtensions extensions, List<LintFinding> findings, string prefix, string eku)
    {
        if (!extensions.Eku.Contains(eku))
        {
            findings.Add(new($"{prefix}-EKU-01", LintSeverity.Error, $"ExtendedKeyUsage {eku} is required."));
        }
        else if (!extensions.EkuCritical)
        {
            findings.Add(new($"{prefix}-EKU-02", LintSeverity.Warning, "ExtendedKeyUsage should be critical."));
        }

        if (extensions.KeyUsageBits is not { } ku || (ku & LintedExtensions.DigitalSignature) == 0)
        {
            findings.Add(new($"{prefix}-KU-01", LintSeverity.Error, "KeyUsage digitalSignature is required."));
        }
        else if (!extensions.KeyUsageCritical)
        {
            findings.Add(new($"{prefix}-KU-02", LintSeverity.Error, "KeyUsage must be critical."));
        }

        if (extensions.IsCa)
        {
            findings.Add(new($"{prefix}-BC-01", LintSeverity.Error, "A signer certificate must not be a CA."));
        }

        if (certificate.AuthorityKeyIdentifier is null)
        {
            findings.Add(new($"{prefix}-AKI-01", LintSeverity.Error, "AuthorityKeyIdentifier is required."));
        }
    }
}
