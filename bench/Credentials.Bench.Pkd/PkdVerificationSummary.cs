namespace Credentials.Bench.Pkd;

/// <summary>Counts from one verification pass over a PKD LDIF.</summary>
internal sealed record PkdVerificationSummary(
    long Entries,
    long MasterLists,
    long MasterListsValid,
    long DistinctCscas,
    long DistinctCscasValid,
    long Dscs,
    long DscsValid,
    long Crls,
    long CrlsValid,
    long RevokedEntries,
    IReadOnlyDictionary<string, int> Failures)
{
    public long Signatures => MasterLists + DistinctCscas + Dscs + Crls;

    public bool AllValid => Failures.Count == 0 && MasterLists == MasterListsValid && Dscs == DscsValid && Crls == CrlsValid && DistinctCscas == DistinctCscasValid;
}
