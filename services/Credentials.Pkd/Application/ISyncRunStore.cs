using Credentials.Contracts.Pkd.V1;

namespace Credentials.Pkd.Application;

/// <summary>The sync runs of the sources: at most one active (PENDING/RUNNING) run per source.</summary>
internal interface ISyncRunStore
{
    /// <summary>Creates a PENDING run, or returns the source's active run when there is one (<c>Created</c> false).</summary>
    Task<(SyncRunRecord Run, bool Created)> CreateRunAsync(string sourceId, bool onDemand, bool full, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The run, or null.</summary>
    Task<SyncRunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>The source's active run, its last finished run and its last successful run.</summary>
    Task<(SyncRunRecord? Current, SyncRunRecord? Last, SyncRunRecord? LastSuccessful)> GetStatusRunsAsync(string sourceId, CancellationToken cancellationToken);

    /// <summary>Start of the source's latest run (any state), the reference of its schedule; null when it never ran.</summary>
    Task<DateTimeOffset?> GetLastStartAsync(string sourceId, CancellationToken cancellationToken);

    /// <summary>PENDING → RUNNING.</summary>
    Task MarkRunningAsync(Guid runId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Closes the run with its final state and, when it failed, a machine-readable reason.</summary>
    Task FinishRunAsync(Guid runId, SyncState state, DateTimeOffset now, string? reason, string? detail, CancellationToken cancellationToken);

    /// <summary>Closes the runs a previous process left active (reason INTERRUPTED) and returns them.</summary>
    Task<IReadOnlyList<SyncRunRecord>> FailInterruptedRunsAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
