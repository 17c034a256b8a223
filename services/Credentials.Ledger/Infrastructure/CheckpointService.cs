using Credentials.Ledger.Application;

namespace Credentials.Ledger.Infrastructure;

/// <summary>Checks once a second whether a checkpoint is due and writes it; failures are logged and retried.</summary>
internal sealed partial class CheckpointService : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly CheckpointWriter _writer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CheckpointService> _logger;

    public CheckpointService(CheckpointWriter writer, TimeProvider timeProvider, ILogger<CheckpointService> logger)
    {
        _writer = writer;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Poll, _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await _writer.WriteIfDueAsync(force: false, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(exception.GetType(), exception.Message);
            }
        }
    }

    [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Writing a ledger checkpoint failed with {ExceptionType}: {Detail}; retrying")]
    private partial void LogFailed(Type exceptionType, string detail);
}
