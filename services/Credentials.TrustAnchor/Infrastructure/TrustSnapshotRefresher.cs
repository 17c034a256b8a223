using Credentials.TrustAnchor.Application;

namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>Loads the first snapshot at start-up and runs <see cref="TrustSnapshotProvider.RunAsync"/>.</summary>
internal sealed partial class TrustSnapshotRefresher : BackgroundService
{
    private readonly TrustSnapshotProvider _snapshots;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TrustSnapshotRefresher> _logger;

    public TrustSnapshotRefresher(TrustSnapshotProvider snapshots, TimeProvider timeProvider, ILogger<TrustSnapshotRefresher> logger)
    {
        _snapshots = snapshots;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _snapshots.GetAsync(stoppingToken);
                break;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFirstLoadFailed(exception.GetType().Name, exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), _timeProvider, stoppingToken);
            }
        }

        await _snapshots.RunAsync(stoppingToken);
    }

    [LoggerMessage(EventId = 7503, Level = LogLevel.Warning, Message = "Loading the first trust snapshot failed ({ExceptionType}: {Message}); retrying")]
    private partial void LogFirstLoadFailed(string exceptionType, string message);
}
