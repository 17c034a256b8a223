using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.X509;

/// <summary>
/// Checks certificates and CRLs against the Doc 9303 Part 12 profiles (§7.1 certificate and CRL profiles, §4 algorithms).
/// Every rule has a stable id. Deviations that are common in real, accepted trust material are warnings, each named
/// in its message: explicit EC domain parameters, Document Type List encoding variants, a missing
/// PrivateKeyUsagePeriod, same-name link certificates, negative serial numbers.
/// <para>
/// One rule set per Part 12 profile: <see cref="CertificateBaselineRules"/> (all certificates), <see cref="CaProfileRules"/>
/// (CSCA, link), <see cref="SignerListProfileRules"/> (Master/Deviation List signer), <see cref="DocumentSignerProfileRules"/>
/// (Document Signer, DTC signer) and <see cref="CrlProfileRules"/>; this class picks the profile and runs its set.
/// </para>
/// </summary>
public static class CertificateProfileLinter
{
    /// <summary>id-icao-cscaMasterListSigningKey (Doc 9303 Part 12 §7.1.2).</summary>
    public const string MasterListSignerEku = CertificateRoleRule.MasterListSignerEku;

    /// <summary>id-icao-deviationListSigningKey (Doc 9303 Part 12 §7.1.2).</summary>
    public const string DeviationListSignerEku = CertificateRoleRule.DeviationListSignerEku;

    /// <summary>id-icao-mrtd-security-extensions-nameChange (Doc 9303 Part 12 §7.1.1.3).</summary>
    public const string NameChangeOid = "2.23.136.1.1.6.1";

    /// <summary>Decodes and lints a certificate; the profile is detected when not given.</summary>
    /// <exception cref="Icao9303FormatException">The certificate cannot be decoded at all.</exception>
    public static LintReport Lint(ReadOnlyMemory<byte> certificateDer, CertificateProfile? profile = null)
    {
        var certificate = X509CertificateParts.Decode(certificateDer);
        return Lint(certificate, profile);
    }

    /// <summary>Lints an already decoded certificate.</summary>
    public static LintReport Lint(X509CertificateParts certificate, CertificateProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extensions = LintedExtensions.From(certificate);
        var actual = profile ?? DetectProfile(certificate);
        var findings = new List<LintFinding>();

        CertificateBaselineRules.Lint(certificate, extensions, findings);
        switch (actual)
        {
            case CertificateProfile.Csca:
            case CertificateProfile.Link:
                CaProfileRules.Lint(certificate, extensions, actual, findings);
                break;
            case CertificateProfile.MasterListSigner:
                SignerListProfileRules.Lint(certificate, extensions, findings, "MLS", MasterListSignerEku);
                break;
            case CertificateProfile.DeviationListSigner:
                SignerListProfileRules.Lint(certificate, extensions, findings, "DLS", DeviationListSignerEku);
                break;
            default:
                DocumentSignerProfileRules.Lint(extensions, actual, findings);
                break;
        }

        return new LintReport(certificate.SubjectName, actual.ToString(), findings);
    }

    /// <summary>
    /// Picks the profile from the certificate: an ICAO signer EKU gives MLS/DLS; a CA certificate is a CSCA when
    /// self-issued with AKI absent or equal to its SKI, otherwise a link certificate; anything else is a Document Signer
    /// (a DTC signer when its Document Type List holds only DTC types).
    /// </summary>
    public static CertificateProfile DetectProfile(X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extensions = LintedExtensions.From(certificate);
        if (extensions.Eku.Contains(MasterListSignerEku))
        {
            return CertificateProfile.MasterListSigner;
        }

        if (extensions.Eku.Contains(DeviationListSignerEku))
        {
            return CertificateProfile.DeviationListSigner;
        }

        if (extensions.IsCa || ((extensions.KeyUsageBits ?? 0) & (LintedExtensions.KeyCertSign | LintedExtensions.CrlSign)) != 0)
        {
            var akiMatchesSki = certificate.AuthorityKeyIdentifier is not { } aki
                || (certificate.SubjectKeyIdentifier is { } ski && aki.Span.SequenceEqual(ski.Span));
            return certificate.IsSelfIssued && akiMatchesSki ? CertificateProfile.Csca : CertificateProfile.Link;
        }

        if (extensions.DocumentTypes is { } list && CertificateRoleRule.IsDtcTypeList(list))
        {
            return CertificateProfile.DtcSigner;
        }

        return CertificateProfile.DocumentSigner;
    }

    /// <summary>Lints a CRL against the Doc 9303 Part 12 §7.1.4 CRL profile.</summary>
    public static LintReport LintCrl(CertificateRevocationList crl) => CrlProfileRules.Lint(crl);
}
