using Credentials.Contracts.Pkd.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.Pkd.Application;

/// <summary>GetSyncStatus and ListSources.</summary>
internal sealed class SyncStatusHandler
{
    private readonly SourceCatalog _catalog;
    private readonly ISyncRunStore _runs;
    private readonly SyncCoordinator _coordinator;
    private readonly TimeProvider _timeProvider;

    public SyncStatusHandler(SourceCatalog catalog, ISyncRunStore runs, SyncCoordinator coordinator, TimeProvider timeProvider)
    {
        _catalog = catalog;
        _runs = runs;
        _coordinator = coordinator;
        _timeProvider = timeProvider;
    }

    public async Task<GetSyncStatusResponse> GetStatusAsync(GetSyncStatusRequest request, CancellationToken cancellationToken)
    {
        var sources = request.SourceIds.Count == 0
            ? _catalog.All
            : request.SourceIds.Distinct(StringComparer.Ordinal).Select(id => _catalog.Find(id) ?? throw PkdErrors.SourceNotFound(id)).ToList();
        var response = new GetSyncStatusResponse();
        foreach (var source in sources)
        {
            var (current, last, successful) = await _runs.GetStatusRunsAsync(source.Id, cancellationToken);
            var status = new SourceSyncStatus
            {
                Source = RunMapping.ToContract(source),
                CurrentRun = current is null ? null : RunMapping.ToContract(current),
                LastRun = last is null ? null : RunMapping.ToContract(last),
                LastSuccessfulRun = successful is null ? null : RunMapping.ToContract(successful),
            };
            if (source.Options.Enabled && source.Schedule is { } schedule)
            {
                var lastStart = await _runs.GetLastStartAsync(source.Id, cancellationToken);
                var now = _timeProvider.GetUtcNow();
                if (schedule.Next(lastStart, _coordinator.StartedAt == default ? now : _coordinator.StartedAt) is { } next)
                {
                    status.NextRunAt = Timestamp.FromDateTimeOffset(next < now ? now : next);
                }
            }

            response.Sources.Add(status);
        }

        return response;
    }

    public ListSourcesResponse ListSources(ListSourcesRequest request)
    {
        var response = new ListSourcesResponse();
        response.Sources.AddRange(_catalog.All.Where(s => request.IncludeDisabled || s.Options.Enabled).Select(RunMapping.ToContract));
        return response;
    }
}
