using Credentials.DocumentSigner.Options;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// Applies the key lifecycle on a schedule: retires keys at the end of their private key usage period and activates
/// the next pending key (the same rules also run at signing time when no key is usable).
/// </summary>
internal sealed partial class SignerKeyLifecycleService : BackgroundService
{
    private readonly SignerKeyStore _keys;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SignerKeyLifecycleService> _logger;
    private readonly TimeSpan _interval;

    public SignerKeyLifecycleService(SignerKeyStore keys, IOptions<DocumentSignerOptions> options, TimeProvider timeProvider, ILogger<SignerKeyLifecycleService> logger)
    {
        _keys = keys;
        _timeProvider = timeProvider;
        _logger = logger;
        _interval = options.Value.KeyLifecycleInterval;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        do
        {
            try
            {
                await _keys.ApplyLifecycleAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(_logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 2043, Level = LogLevel.Warning, Message = "Signer key lifecycle pass failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
