namespace Credentials.Pkd.Application;

/// <summary>The counters of a sync run (added to in each unit transaction).</summary>
internal sealed record SyncCountsRecord(
    long CertificatesAdded = 0,
    long CertificatesRemoved = 0,
    long CertificatesUnchanged = 0,
    long CrlsAdded = 0,
    long MasterListsProcessed = 0,
    long ItemsRejected = 0,
    long LintFindings = 0);
