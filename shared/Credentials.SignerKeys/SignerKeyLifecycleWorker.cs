using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Credentials.SignerKeys;

/// <summary>
/// Applies the key lifecycle on a schedule: retires keys at the end of their private key usage period and activates
/// the next pending key (the same rules also run at signing time when no key is usable: <see cref="SignerKeyStore.SelectAsync"/>).
/// </summary>
public sealed partial class SignerKeyLifecycleWorker : BackgroundService
{
    private readonly SignerKeyStore _keys;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SignerKeyLifecycleWorker> _logger;

    public SignerKeyLifecycleWorker(SignerKeyStore keys, TimeSpan interval, TimeProvider timeProvider, ILogger<SignerKeyLifecycleWorker> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _keys = keys;
        _interval = interval;
        _timeProvider = timeProvider;
        _logger = logger;
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

    [LoggerMessage(EventId = 2404, Level = LogLevel.Warning, Message = "Signer key lifecycle pass failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
