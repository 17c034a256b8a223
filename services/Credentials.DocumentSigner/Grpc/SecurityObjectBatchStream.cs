using System.Threading.Channels;

namespace Credentials.DocumentSigner.Grpc;

/// <summary>
/// The item loop of SignSecurityObjectBatch: up to <c>concurrency</c> items run at once, each answer is written as it
/// completes, and a failed item — a domain error or any unexpected exception — becomes that item's error answer; only
/// the end of the call itself (its cancellation token) ends the stream. This is the contract of
/// document_signer_service.proto: "a failed item does not end the stream".
/// One writer drains the finished answers: an answer written while others already wait behind it is told so
/// (<c>more</c>) and may stay buffered, so the answers of one group commit leave in one flush instead of one flush
/// (TLS record and socket write) each; the last answer waiting is always flushed.
/// </summary>
internal static class SecurityObjectBatchStream
{
    /// <summary>Runs every item of <paramref name="items"/>; returns when all answers are written.</summary>
    /// <param name="items">The request stream.</param>
    /// <param name="concurrency">Items running at once (at least 1).</param>
    /// <param name="run">Handles one item.</param>
    /// <param name="fail">The answer for an item whose <paramref name="run"/> threw (must not throw).</param>
    /// <param name="write">Writes one answer; its flag is true when more answers wait to be written (the write may be buffered). Calls are serialized.</param>
    /// <param name="cancellationToken">The call's token.</param>
    public static async Task RunAsync<TItem, TAnswer>(
        IAsyncEnumerable<TItem> items,
        int concurrency,
        Func<TItem, CancellationToken, Task<TAnswer>> run,
        Func<TItem, Exception, TAnswer> fail,
        Func<TAnswer, bool, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(fail);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        using var slots = new SemaphoreSlim(concurrency);
        var answers = Channel.CreateUnbounded<TAnswer>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
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

            answers.Writer.TryWrite(answer);
        }

        async Task WriteAllAsync()
        {
            while (await answers.Reader.WaitToReadAsync(cancellationToken))
            {
                while (answers.Reader.TryRead(out var answer))
                {
                    await write(answer, answers.Reader.TryPeek(out _), cancellationToken);
                }
            }
        }

        var writer = WriteAllAsync();
        try
        {
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
                // Never leave an item running after the call returns.
                await Task.WhenAll(running).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                answers.Writer.TryComplete();
            }

            await Task.WhenAll(running);
        }
        finally
        {
            // Never leave the writer writing after the call returns.
            await writer.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        await writer;
    }
}
