using System.Collections.Concurrent;

namespace Credentials.Pkd.Application;

/// <summary>
/// Starts sync runs in the background (at most one active run per source, enforced by the store) and lets callers
/// wait for them. Runs stop when the application stops; the next start-up resumes them.
/// </summary>
internal sealed partial class SyncCoordinator
{
    private readonly ISyncRunStore _runs;
    private readonly SyncEngine _engine;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<SyncCoordinator> _logger;
    private readonly ConcurrentDictionary<Guid, Task> _running = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SyncCoordinator(ISyncRunStore runs, SyncEngine engine, TimeProvider timeProvider, IHostApplicationLifetime lifetime, ILogger<SyncCoordinator> logger)
    {
        _runs = runs;
        _engine = engine;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>Completes once runs left over by a previous process were closed (by the scheduler at start-up).</summary>
    public Task Ready => _ready.Task;

    /// <summary>When the scheduler of this instance started (the reference of cron schedules of sources that never ran); default until ready.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Called by the scheduler when start-up recovery is done.</summary>
    public void MarkReady(DateTimeOffset startedAt)
    {
        StartedAt = startedAt;
        _ready.TrySetResult();
    }

    /// <summary>Starts a run of <paramref name="source"/>, or returns the one already active.</summary>
    public async Task<SyncRunRecord> StartAsync(PkdSource source, bool onDemand, bool full, CancellationToken cancellationToken)
    {
        await Ready.WaitAsync(cancellationToken);
        var (run, created) = await _runs.CreateRunAsync(source.Id, onDemand, full, _timeProvider.GetUtcNow(), cancellationToken);
        if (created)
        {
            var stopping = _lifetime.ApplicationStopping;
            var task = Task.Run(() => RunSafelyAsync(source, run, stopping), CancellationToken.None);
            _running[run.RunId] = task;
            _ = task.ContinueWith(_ => _running.TryRemove(run.RunId, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return run;
    }

    /// <summary>Waits until the given runs (those running in this process) finish, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task WaitAsync(IEnumerable<Guid> runIds, CancellationToken cancellationToken)
    {
        var tasks = runIds.Select(id => _running.GetValueOrDefault(id)).OfType<Task>().ToList();
        try
        {
            await Task.WhenAll(tasks).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's deadline: it gets the runs' current state.
        }
    }

    private async Task RunSafelyAsync(PkdSource source, SyncRunRecord run, CancellationToken stopping)
    {
        try
        {
            await _engine.RunAsync(source, run, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LogStopped(source.Id, run.RunId);
        }
    }

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Sync of source {SourceId} (run {RunId}) stopped with the service")]
    private partial void LogStopped(string sourceId, Guid runId);
}
