using Credentials.Icao9303.Crl;

namespace Credentials.Icao9303.X509;

/// <summary>
/// The CRL profile (Doc 9303 Part 12 §7.1.4): version 2, matching signature algorithms, AuthorityKeyIdentifier and a
/// non-negative CRLNumber, a nextUpdate at most 90 days after thisUpdate, no unknown critical extension.
/// </summary>
internal static class CrlProfileRules
{
    private const string CrlNumberOid = "2.5.29.20";
    private const string CrlAkiOid = "2.5.29.35";

    /// <summary>Lints <paramref name="crl"/>.</summary>
    public static LintReport Lint(CertificateRevocationList crl)
    {
        ArgumentNullException.ThrowIfNull(crl);
        var findings = new List<LintFinding>();
        if (crl.Version != 2)
        {
            findings.Add(new("CRL-VER-01", LintSeverity.Error, "CRL must be version 2."));
        }

        if (!crl.SignatureAlgorithmsMatch)
        {
            findings.Add(new("CRL-ALG-01", LintSeverity.Error, "TBSCertList.signature differs from signatureAlgorithm (RFC 5280 §5.1.1.2)."));
        }

        if (crl.AuthorityKeyIdentifier is null)
        {
            findings.Add(new("CRL-AKI-01", LintSeverity.Error, "AuthorityKeyIdentifier (keyIdentifier) is required."));
        }

        if (crl.CrlNumber is null)
        {
            findings.Add(new("CRL-NUM-01", LintSeverity.Error, "CRLNumber extension is required."));
        }
        else if (crl.CrlNumber < 0)
        {
            findings.Add(new("CRL-NUM-02", LintSeverity.Error, "CRLNumber must not be negative."));
        }

        if (crl.NextUpdate is not { } next)
        {
            findings.Add(new("CRL-NEXT-01", LintSeverity.Error, "nextUpdate is required."));
        }
        else if (next - crl.ThisUpdate > TimeSpan.FromDays(90))
        {
            findings.Add(new("CRL-NEXT-02", LintSeverity.Warning,
                $"nextUpdate is {(next - crl.ThisUpdate).TotalDays:0} days after thisUpdate; CSCAs issue CRLs at least every 90 days."));
        }
        else if (next <= crl.ThisUpdate)
        {
            findings.Add(new("CRL-NEXT-03", LintSeverity.Error, "nextUpdate is not after thisUpdate."));
        }

        foreach (var (oid, critical, _) in crl.Extensions)
        {
            if (critical && oid is not (CrlNumberOid or CrlAkiOid))
            {
                findings.Add(new("CRL-EXT-01", LintSeverity.Error, $"Unknown critical CRL extension {oid}."));
            }
        }

        CertificateBaselineRules.AddSignatureAlgorithmFindings(crl.SignatureAlgorithmOid, "CRL-ALG-02", findings);
        return new LintReport(crl.IssuerName, "Crl", findings);
    }
}
