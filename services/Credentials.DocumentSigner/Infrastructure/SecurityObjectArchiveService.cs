using Credentials.DocumentSigner.Options;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Infrastructure;

/// <summary>
/// Drains the EF.SOD archive queue (<see cref="SecurityObjectArchiver"/>) every
/// <see cref="DocumentSignerOptions.ArchiveInterval"/>; while batches come back full it continues at once. An object
/// store outage only delays archiving: the bytes stay in PostgreSQL and the next pass retries.
/// </summary>
internal sealed partial class SecurityObjectArchiveService : BackgroundService
{
    private readonly SecurityObjectArchiver _archiver;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SecurityObjectArchiveService> _logger;
    private readonly TimeSpan _interval;

    public SecurityObjectArchiveService(
        SecurityObjectArchiver archiver, IOptions<DocumentSignerOptions> options, TimeProvider timeProvider, ILogger<SecurityObjectArchiveService> logger)
    {
        _archiver = archiver;
        _timeProvider = timeProvider;
        _logger = logger;
        _interval = options.Value.ArchiveInterval;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        do
        {
            try
            {
                await _archiver.DrainAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(_logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 2052, Level = LogLevel.Warning, Message = "EF.SOD archive pass failed; the bytes stay in the database and the next pass retries")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
