namespace Credentials.Icao9303.X509;

/// <summary>The findings of linting one certificate or CRL against its Doc 9303 Part 12 profile.</summary>
public sealed class LintReport
{
    public LintReport(string subject, string profile, IReadOnlyList<LintFinding> findings)
    {
        Subject = subject;
        Profile = profile;
        Findings = findings;
    }

    /// <summary>Certificate subject (or CRL issuer).</summary>
    public string Subject { get; }

    /// <summary>Profile applied: a <see cref="CertificateProfile"/> name or <c>Crl</c>.</summary>
    public string Profile { get; }

    public IReadOnlyList<LintFinding> Findings { get; }

    /// <summary>True when any finding is an error.</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == LintSeverity.Error);

    /// <summary>True when any finding is a warning.</summary>
    public bool HasWarnings => Findings.Any(f => f.Severity == LintSeverity.Warning);
}
