namespace Credentials.Pkd.Application;

/// <summary>
/// The part of an artifact committed in one transaction: one Master List, one CRL file, or a chunk of LDIF entries.
/// </summary>
internal sealed class ArtifactUnit
{
    /// <summary>Certificates found (de-duplicated by fingerprint within the unit).</summary>
    public List<CertificateItem> Certificates { get; } = [];

    /// <summary>CRLs found (de-duplicated by fingerprint within the unit).</summary>
    public List<CrlItem> Crls { get; } = [];

    /// <summary>Master Lists processed (accepted or not).</summary>
    public int MasterListsProcessed { get; set; }

    /// <summary>Items rejected: malformed, untrusted Master Lists, certificates or CRLs that did not verify.</summary>
    public int Rejected { get; set; }

    /// <summary>Stable reasons of the rejections, for logs and the run's detail.</summary>
    public List<string> RejectionReasons { get; } = [];

    /// <summary>Number of lint findings (warnings and errors) of the unit's items.</summary>
    public int LintFindingCount => Certificates.Sum(c => c.LintFindings.Count) + Crls.Sum(c => c.LintFindings.Count);

    /// <summary>True when a certificate or CRL of the unit did not verify (the artifact is re-verified next time).</summary>
    public bool HasUnverified => Certificates.Any(c => !c.Verified) || Crls.Any(c => !c.Verified);

    /// <summary>Records a rejection.</summary>
    public void Reject(string reason)
    {
        Rejected++;
        RejectionReasons.Add(reason);
    }
}
