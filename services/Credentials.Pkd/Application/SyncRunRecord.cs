using Credentials.Contracts.Pkd.V1;

namespace Credentials.Pkd.Application;

/// <summary>A row of <c>sync_runs</c>.</summary>
internal sealed record SyncRunRecord(
    Guid RunId,
    string SourceId,
    SyncState State,
    bool OnDemand,
    bool Full,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    SyncCountsRecord Counts,
    string? ErrorReason,
    string? ErrorDetail);
