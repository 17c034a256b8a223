namespace Credentials.Outbox.Postgres;

/// <summary>An auto-reset signal: many <see cref="Set"/> calls before a wait wake it once.</summary>
internal sealed class AsyncSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
        catch (ObjectDisposedException)
        {
            // A late notification after the relay was disposed: nobody is waiting any more.
        }
    }

    /// <summary>Waits for a signal or <paramref name="timeout"/> (measured by <paramref name="timeProvider"/>).</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = _semaphore.WaitAsync(linked.Token);
        var delay = Task.Delay(timeout, timeProvider, linked.Token);
        await Task.WhenAny(signalled, delay);
        await linked.CancelAsync();
        try
        {
            await Task.WhenAll(signalled, delay);
        }
        catch (OperationCanceledException)
        {
            // The loser of the race was cancelled; a cancelled semaphore wait consumes no signal.
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose() => _semaphore.Dispose();
}
