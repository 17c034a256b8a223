namespace Credentials.Icao9303.X509;

/// <summary>
/// The Document Signer profile (Doc 9303 Part 12 §7.1.1, Table 6) and this suite's DTC signer, which is a Document
/// Signer whose Document Type List holds only DTC types (Doc 9303 Part 12 §7.1.1.2; ICAO DTC TR): critical KeyUsage
/// digitalSignature only, not a CA, an AuthorityKeyIdentifier, a PrivateKeyUsagePeriod and a well-formed Document Type
/// List. Rule ids carry the prefix <c>DS-</c> or <c>DTCS-</c>.
/// </summary>
internal static class DocumentSignerProfileRules
{
    public static void Lint(LintedExtensions extensions, CertificateProfile profile, List<LintFinding> findings)
    {
        var prefix = profile == CertificateProfile.DtcSigner ? "DTCS" : "DS";
        if (extensions.KeyUsageBits is not { } ku || (ku & LintedExtensions.DigitalSignature) == 0)
        {
            findings.Add(new($"{prefix}-KU-01", LintSeverity.Error, "KeyUsage digitalSignature is required."));
        }
        else
        {
            if (!extensions.KeyUsageCritical)
            {
                findings.Add(new($"{prefix}-KU-02", LintSeverity.Error, "KeyUsage must be critical."));
            }

            if ((ku & ~LintedExtensions.DigitalSignature) != 0)
            {
                findings.Add(new($"{prefix}-KU-03", LintSeverity.Warning, "KeyUsage has bits beyond digitalSignature."));
            }
        }

        if (extensions.IsCa)
        {
            findings.Add(new($"{prefix}-BC-01", LintSeverity.Error, "A Document Signer must not be a CA."));
        }

        if (!extensions.HasAki)
        {
            findings.Add(new($"{prefix}-AKI-01", LintSeverity.Error, "AuthorityKeyIdentifier is required."));
        }

        if (!extensions.HasPrivateKeyUsagePeriod)
        {
            findings.Add(new($"{prefix}-PKUP-01", LintSeverity.Warning, "Known deviation: PrivateKeyUsagePeriod is missing."));
        }

        if (extensions.DocumentTypeListError is { } docError)
        {
            findings.Add(new($"{prefix}-DTL-02", LintSeverity.Error, docError));
        }
        else if (extensions.DocumentTypes is null)
        {
            findings.Add(new($"{prefix}-DTL-01", LintSeverity.Warning, "Document Type List extension (2.23.136.1.1.6.2) is missing."));
        }
        else if (extensions.DocumentTypes.Deviations.Count > 0)
        {
            findings.Add(new($"{prefix}-DTL-03", LintSeverity.Warning,
                $"Known deviation: Document Type List encoding variant ({string.Join(", ", extensions.DocumentTypes.Deviations)})."));
        }
    }
}
