using Credentials.Pkd.Application;
using Credentials.Pkd.Options;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// Background service: at start-up closes the runs a previous process left PENDING/RUNNING (reason INTERRUPTED) and
/// starts a new run for each such source (the interrupted sync resumes where its last committed unit ended); then
/// every <see cref="PkdOptions.SchedulerTick"/> starts the enabled sources whose schedule is due.
/// </summary>
internal sealed partial class SyncScheduler : BackgroundService
{
    private readonly SourceCatalog _catalog;
    private readonly ISyncRunStore _runs;
    private readonly SyncCoordinator _coordinator;
    private readonly TimeProvider _timeProvider;
    private readonly PkdOptions _options;
    private readonly ILogger<SyncScheduler> _logger;

    public SyncScheduler(
        SourceCatalog catalog, ISyncRunStore runs, SyncCoordinator coordinator, TimeProvider timeProvider, IOptions<PkdOptions> options, ILogger<SyncScheduler> logger)
    {
        _catalog = catalog;
        _runs = runs;
        _coordinator = coordinator;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var startedAt = _timeProvider.GetUtcNow();
        var interrupted = await RecoverAsync(stoppingToken);
        _coordinator.MarkReady(startedAt);
        foreach (var sourceId in interrupted)
        {
            if (_catalog.Find(sourceId) is { Options.Enabled: true } source)
            {
                LogResuming(sourceId);
                await _coordinator.StartAsync(source, onDemand: true, full: false, stoppingToken);
            }
        }

        using var timer = new PeriodicTimer(_options.SchedulerTick, _timeProvider);
        do
        {
            foreach (var source in _catalog.All)
            {
                if (!source.Options.Enabled || source.Schedule is null)
                {
                    continue;
                }

                try
                {
                    var last = await _runs.GetLastStartAsync(source.Id, stoppingToken);
                    if (source.Schedule.Next(last, startedAt) is { } next && next <= _timeProvider.GetUtcNow())
                    {
                        await _coordinator.StartAsync(source, onDemand: false, full: false, stoppingToken);
                    }
                }
                catch (NpgsqlException exception)
                {
                    LogScheduleFailed(source.Id, exception.GetType().Name);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<IReadOnlyList<string>> RecoverAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var runs = await _runs.FailInterruptedRunsAsync(_timeProvider.GetUtcNow(), stoppingToken);
                return runs.Select(r => r.SourceId).Distinct(StringComparer.Ordinal).ToList();
            }
            catch (NpgsqlException exception)
            {
                LogScheduleFailed("*", exception.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(2), _timeProvider, stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Resuming the interrupted sync of source {SourceId}")]
    private partial void LogResuming(string sourceId);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Warning, Message = "Scheduling source {SourceId} failed: {Error}")]
    private partial void LogScheduleFailed(string sourceId, string error);
}
