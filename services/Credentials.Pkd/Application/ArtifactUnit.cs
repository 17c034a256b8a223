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

    /// <summary>
    /// Verified certificates that an earlier unit of the same artifact version listed, verified, in this pass (every
    /// Master List of a PKD download repeats the same CSCAs): their stored state and membership are already what this
    /// unit would write, so they count as unchanged and are neither looked up nor written again.
    /// </summary>
    public int Repeated { get; private set; }

    private int _repeatedLintFindings;

    /// <summary>Number of lint findings (warnings and errors) of the unit's items, repeated ones included.</summary>
    public int LintFindingCount => Certificates.Sum(c => c.LintFindings.Count) + Crls.Sum(c => c.LintFindings.Count) + _repeatedLintFindings;

    /// <summary>
    /// Moves the verified certificates whose fingerprint is in <paramref name="listed"/> to <see cref="Repeated"/>, then
    /// adds this unit's verified fingerprints to it. Call in unit order, before the unit is written.
    /// </summary>
    public void DropRepeated(HashSet<string> listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var kept = new List<CertificateItem>(Certificates.Count);
        foreach (var certificate in Certificates)
        {
            if (certificate.Verified && listed.Contains(certificate.Fingerprint))
            {
                Repeated++;
                _repeatedLintFindings += certificate.LintFindings.Count;
            }
            else
            {
                kept.Add(certificate);
            }
        }

        Certificates.Clear();
        Certificates.AddRange(kept);
        listed.UnionWith(Certificates.Where(c => c.Verified).Select(c => c.Fingerprint));
    }

    /// <summary>True when a certificate or CRL of the unit did not verify (the artifact is re-verified next time).</summary>
    public bool HasUnverified => Certificates.Any(c => !c.Verified) || Crls.Any(c => !c.Verified);

    /// <summary>Records a rejection.</summary>
    public void Reject(string reason)
    {
        Rejected++;
        RejectionReasons.Add(reason);
    }
}
