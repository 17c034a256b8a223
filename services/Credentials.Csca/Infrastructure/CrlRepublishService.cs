using Credentials.Csca.Application;
using Credentials.Csca.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Csca.Infrastructure;

/// <summary>
/// Re-publishes CRLs before their nextUpdate (Doc 9303 Part 12 §7.1.4: relying parties must always find a current
/// CRL): every <see cref="CscaOptions.CrlCheckInterval"/> it finds lineages whose latest CRL of some non-retired
/// generation expires within <see cref="CscaOptions.CrlRepublishMargin"/> and publishes the next one.
/// </summary>
internal sealed partial class CrlRepublishService : BackgroundService
{
    private readonly CscaIssuing _issuing;
    private readonly PublishCrlHandler _publisher;
    private readonly ILogger<CrlRepublishService> _logger;

    public CrlRepublishService(CscaIssuing issuing, PublishCrlHandler publisher, ILogger<CrlRepublishService> logger)
    {
        _issuing = issuing;
        _publisher = publisher;
        _logger = logger;
    }

    /// <summary>One pass: publishes every CRL that is due; returns how many were published.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var options = _issuing.Options;
        var threshold = _issuing.TimeProvider.GetUtcNow() + options.CrlRepublishMargin;
        var published = 0;
        foreach (var cscaId in await _issuing.Store.GetCscasWithCrlsDueAsync(threshold, cancellationToken))
        {
            var response = await _publisher.PublishAsync(cscaId, options.CrlNextUpdate, threshold, record: null, cancellationToken);
            published += response.Crls.Count;
            LogRepublished(cscaId, response.Crls.Count);
        }

        return published;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_issuing.Options.CrlCheckInterval, _issuing.TimeProvider);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next tick retries; nextUpdate leaves CrlRepublishMargin of slack.
                LogFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Re-published {Count} CRL(s) of CSCA {CscaId} before nextUpdate")]
    private partial void LogRepublished(string cscaId, int count);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "CRL re-publication pass failed; retrying at the next interval")]
    private partial void LogFailed(Exception exception);
}
