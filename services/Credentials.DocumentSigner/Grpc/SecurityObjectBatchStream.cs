namespace Credentials.DocumentSigner.Grpc;

/// <summary>
/// The item loop of SignSecurityObjectBatch: up to <c>concurrency</c> items run at once, each answer is written as it
/// completes, and a failed item — a domain error or any unexpected exception — becomes that item's error answer; only
/// the end of the call itself (its cancellation token) ends the stream. This is the contract of
/// document_signer_service.proto: "a failed item does not end the stream".
/// </summary>
internal static class SecurityObjectBatchStream
{
    /// <summary>Runs every item of <paramref name="items"/>; returns when all answers are written.</summary>
    /// <param name="items">The request stream.</param>
    /// <param name="concurrency">Items running at once (at least 1).</param>
    /// <param name="run">Handles one item.</param>
    /// <param name="fail">The answer for an item whose <paramref name="run"/> threw (must not throw).</param>
    /// <param name="write">Writes one answer (calls are serialized).</param>
    /// <param name="cancellationToken">The call's token.</param>
    public static async Task RunAsync<TItem, TAnswer>(
        IAsyncEnumerable<TItem> items,
        int concurrency,
        Func<TItem, CancellationToken, Task<TAnswer>> run,
        Func<TItem, Exception, TAnswer> fail,
        Func<TAnswer, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(fail);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        using var slots = new SemaphoreSlim(concurrency);
        using var writeLock = new SemaphoreSlim(1, 1);
        var running = new List<Task>();

        async Task OneAsync(TItem item)
        {
            TAnswer answer;
            try
            {
                answer = await run(item, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The call is over (client cancelled or deadline): nobody reads the answer.
                throw;
            }
            catch (Exception exception)
            {
                answer = fail(item, exception);
            }
            finally
            {
                slots.Release();
            }

            await writeLock.WaitAsync(cancellationToken);
            try
            {
                await write(answer, cancellationToken);
            }
            finally
            {
                writeLock.Release();
            }
        }

        try
        {
            await foreach (var item in items.WithCancellation(cancellationToken))
            {
                await slots.WaitAsync(cancellationToken);
                running.Add(OneAsync(item));
                running.RemoveAll(t => t.IsCompletedSuccessfully);
            }
        }
        finally
        {
            // Never leave an item running (and writing) after the call returns.
            await Task.WhenAll(running).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        await Task.WhenAll(running);
    }
}
