using System.Collections.Concurrent;
using Credentials.DocumentSigner.Grpc;

namespace Credentials.DocumentSigner.Tests;

public sealed class SecurityObjectBatchStreamTests
{
    private static async IAsyncEnumerable<int> Items(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return i;
        }
    }

    private static async IAsyncEnumerable<int> ItemsThenSignal(int count, TaskCompletionSource done)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i;
        }

        done.TrySetResult();
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task RunAsync_UnexpectedFaultMidStream_FailsThatItemOnly(int concurrency)
    {
        var answers = new ConcurrentQueue<string>();
        await SecurityObjectBatchStream.RunAsync(
            Items(10),
            concurrency,
            async (item, _) =>
            {
                await Task.Yield();
                return item == 4 ? throw new InvalidOperationException("injected fault") : $"ok {item}";
            },
            (item, exception) => $"error {item}: {exception.Message}",
            (answer, _, _) =>
            {
                answers.Enqueue(answer);
                return Task.CompletedTask;
            },
            TestContext.Current.CancellationToken);

        var all = answers.ToList();
        Assert.Equal(10, all.Count);
        Assert.Equal(["error 4: injected fault"], all.Where(a => a.StartsWith("error", StringComparison.Ordinal)));
        Assert.Equal(
            Enumerable.Range(0, 10).Where(i => i != 4).Select(i => $"ok {i}").Order(StringComparer.Ordinal),
            all.Where(a => a.StartsWith("ok", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AnswersWaitingBehindAWrite_WrittenBufferedUntilTheLastFlushes()
    {
        // The first write is held until every item has answered, so answers 1..7 all wait behind it.
        var sourceDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = new List<(int Answer, bool More)>();
        await SecurityObjectBatchStream.RunAsync(
            ItemsThenSignal(8, sourceDone),
            8,
            (item, _) => Task.FromResult(item),
            (item, _) => -item,
            async (answer, more, _) =>
            {
                written.Add((answer, more));
                if (written.Count == 1)
                {
                    await sourceDone.Task;
                }
            },
            TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 8), written.Select(w => w.Answer).Order());
        Assert.All(written.Skip(1).SkipLast(1), w => Assert.True(w.More));
        Assert.False(written[^1].More);
    }

    [Fact]
    public async Task RunAsync_CallCancelled_EndsTheStream()
    {
        using var cancellation = new CancellationTokenSource();
        var written = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SecurityObjectBatchStream.RunAsync(
            Items(100),
            2,
            async (item, token) =>
            {
                if (item == 3)
                {
                    await cancellation.CancelAsync();
                }

                await Task.Delay(1, token);
                return item;
            },
            (item, _) => -item,
            (_, _, _) =>
            {
                Interlocked.Increment(ref written);
                return Task.CompletedTask;
            },
            cancellation.Token));

        Assert.True(written < 100, $"{written} answers written after the call was cancelled");
    }
}
