using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.X509;

/// <summary>
/// The CSCA and link certificate profiles (Doc 9303 Part 12 §7.1.1, Table 6): critical KeyUsage keyCertSign and
/// cRLSign only, critical BasicConstraints cA TRUE with pathLenConstraint 0, a SubjectKeyIdentifier, and a
/// PrivateKeyUsagePeriod; a self-signed CSCA's AKI (if any) equals its SKI, a link certificate's AKI names the previous
/// CSCA key. Rule ids carry the prefix <c>CSCA-</c> or <c>LINK-</c>: one rule set, two profiles that differ in AKI/DN.
/// </summary>
internal static class CaProfileRules
{
    public static void Lint(X509CertificateParts certificate, LintedExtensions extensions, CertificateProfile profile, List<LintFinding> findings)
    {
        var prefix = profile == CertificateProfile.Csca ? "CSCA" : "LINK";
        if (extensions.KeyUsageBits is null)
        {
            findings.Add(new($"{prefix}-KU-01", LintSeverity.Error, "KeyUsage is required."));
        }
        else
        {
            if (!extensions.KeyUsageCritical)
            {
                findings.Add(new($"{prefix}-KU-02", LintSeverity.Error, "KeyUsage must be critical."));
            }

            if ((extensions.KeyUsageBits & (LintedExtensions.KeyCertSign | LintedExtensions.CrlSign)) != (LintedExtensions.KeyCertSign | LintedExtensions.CrlSign))
            {
                findings.Add(new($"{prefix}-KU-03", LintSeverity.Error, "KeyUsage must include keyCertSign and cRLSign."));
            }

            if ((extensions.KeyUsageBits & ~(LintedExtensions.KeyCertSign | LintedExtensions.CrlSign)) != 0)
            {
                findings.Add(new($"{prefix}-KU-04", LintSeverity.Warning, "KeyUsage has bits beyond keyCertSign and cRLSign."));
            }
        }

        if (!extensions.HasBasicConstraints)
        {
            findings.Add(new($"{prefix}-BC-01", LintSeverity.Error, "BasicConstraints is required."));
        }
        else
        {
            if (!extensions.IsCa)
            {
                findings.Add(new($"{prefix}-BC-02", LintSeverity.Error, "BasicConstraints cA must be TRUE."));
            }

            if (!extensions.BasicConstraintsCritical)
            {
                findings.Add(new($"{prefix}-BC-03", LintSeverity.Error, "BasicConstraints must be critical."));
            }

            if (extensions.PathLength is not 0)
            {
                findings.Add(new($"{prefix}-BC-04", LintSeverity.Warning,
                    extensions.PathLength is null ? "BasicConstraints has no pathLenConstraint (Doc 9303: 0)." : $"pathLenConstraint is {extensions.PathLength} (Doc 9303: 0)."));
            }
        }

        if (certificate.SubjectKeyIdentifier is null)
        {
            findings.Add(new($"{prefix}-SKI-01", LintSeverity.Error, "SubjectKeyIdentifier is required."));
        }

        if (profile == CertificateProfile.Link)
        {
            if (certificate.AuthorityKeyIdentifier is null)
            {
                findings.Add(new("LINK-AKI-01", LintSeverity.Error, "AuthorityKeyIdentifier is required (it names the previous CSCA key)."));
            }

            if (certificate.IsSelfIssued)
            {
                findings.Add(new("LINK-DN-01", LintSeverity.Warning,
                    "Known deviation: same-name link certificate (issuer == subject), so it looks self-signed but is signed by the previous key."));
            }
        }
        else if (certificate.AuthorityKeyIdentifier is { } aki && certificate.SubjectKeyIdentifier is { } ski && !aki.Span.SequenceEqual(ski.Span))
        {
            findings.Add(new("CSCA-AKI-01", LintSeverity.Error, "Self-signed CSCA's AuthorityKeyIdentifier differs from its SubjectKeyIdentifier."));
        }

        if (!extensions.HasPrivateKeyUsagePeriod)
        {
            findings.Add(new($"{prefix}-PKUP-01", LintSeverity.Warning, "Known deviation: PrivateKeyUsagePeriod is missing."));
        }
    }
}
