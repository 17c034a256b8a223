using Credentials.Storage;

namespace Credentials.Pkd.Application;

/// <summary>
/// The writes of a sync run, each one transaction: a unit's certificates, CRLs, membership, change log, TrustUpdated
/// events, the run's counters and the artifact's progress commit together or not at all, so an interrupted run leaves
/// whole units and the next run resumes at the first uncommitted one.
/// </summary>
internal interface ISyncWriter
{
    /// <summary>Counts the certificates of an artifact skipped because its content did not change.</summary>
    Task RecordUnchangedArtifactAsync(Guid runId, long certificatesUnchanged, CancellationToken cancellationToken);

    /// <summary>
    /// Stores an artifact's bytes (content-addressed, so storing them again is harmless; nothing references them until
    /// <see cref="BeginArtifactVersionAsync"/>) and returns their object key.
    /// </summary>
    Task<string> StoreArtifactAsync(ObjectContent content, CancellationToken cancellationToken);

    /// <summary>
    /// Starts or continues processing a stored artifact version: a new content hash, or a completed version processed
    /// again, starts at unit 0; an interrupted one continues at its first uncommitted unit.
    /// </summary>
    Task<ArtifactRecord> BeginArtifactVersionAsync(ArtifactVersion version, int unitsTotal, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the consecutive units <paramref name="firstIndex"/>… of <paramref name="version"/> in one transaction, in
    /// order (none for an artifact without units); <paramref name="last"/> completes the version and drops the items its
    /// previous versions listed and this one does not. Returns true when a verified CSCA or link certificate was stored
    /// or reinstated (what DSCs and CRLs verify against changed). The time of the commit's parts is added to
    /// <paramref name="timings"/>.
    /// </summary>
    Task<bool> CommitUnitsAsync(
        ArtifactVersion version, Guid runId, int firstIndex, IReadOnlyList<ArtifactUnit> units, bool last, SyncPhaseTimings timings,
        CancellationToken cancellationToken);

    /// <summary>Drops every version of an artifact that vanished from its source; returns the certificates removed.</summary>
    Task<int> DropArtifactAsync(string sourceId, Guid runId, string name, CancellationToken cancellationToken);
}
