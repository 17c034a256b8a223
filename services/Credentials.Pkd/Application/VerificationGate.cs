namespace Credentials.Pkd.Application;

/// <summary>
/// The bounded workers of one artifact's verification: at most <see cref="Workers"/> signature verifications (a Master
/// List's CMS and chain, or one DSC/CRL against its CSCAs) run at once, whichever units they belong to.
/// </summary>
internal sealed class VerificationGate : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public VerificationGate(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Workers = workers;
        _slots = new SemaphoreSlim(workers, workers);
    }

    /// <summary>Verifications allowed at once.</summary>
    public int Workers { get; }

    /// <summary>Runs CPU-bound <paramref name="verify"/> in a slot, waiting asynchronously for one.</summary>
    public async Task<T> RunAsync<T>(Func<T> verify, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return verify();
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Runs <paramref name="verify"/> in a slot from a parallel loop's worker thread (blocks for a slot).</summary>
    public T Run<T>(Func<T> verify, CancellationToken cancellationToken)
    {
        _slots.Wait(cancellationToken);
        try
        {
            return verify();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
