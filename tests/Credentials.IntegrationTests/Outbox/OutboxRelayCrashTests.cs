using Credentials.IntegrationTests.Stack;
using Credentials.Outbox;

namespace Credentials.IntegrationTests.Outbox;

public sealed class OutboxRelayCrashTests
{
    [Fact]
    public async Task Relay_KilledMidBatchAndRestarted_DeliversEveryEventWithExactlyOnceEffect()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await OutboxHarness.CreateAsync(stack, stack.KafkaBootstrap, o => o.BatchSize = 100, ct);
        var (committed, _) = await harness.WriteAsync(200, 10, 20, new Random(7), 0, ct);

        using var publisher = harness.CreatePublisher();
        var dying = new DyingPublisher(publisher, dieOnBatch: 3);
        using (var first = harness.CreateRelay(dying))
        {
            await first.StartAsync(ct);
            // The third batch reached Kafka; the relay is stopped before it can mark the rows sent.
            var killed = await dying.Died.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            await first.StopAsync(CancellationToken.None);
            var unsentAfterKill = await harness.ScalarAsync(
                $"SELECT count(*) FROM {{schema}}.outbox_messages WHERE sent_at IS NULL AND id = ANY(ARRAY[{string.Join(',', killed)}]::bigint[])", ct);
            Assert.Equal(killed.Count, unsentAfterKill);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var consuming = harness.StartConsumer(stop.Token);
        using var second = harness.CreateRelay(publisher);
        await second.StartAsync(ct);
        var delivered = await harness.WaitForEffectsAsync(committed.Count, TimeSpan.FromSeconds(180), ct);
        await Task.Delay(1500, ct);
        await stop.CancelAsync();
        await consuming;
        await second.StopAsync(CancellationToken.None);

        var effects = await harness.ReadEffectsAsync(ct);
        Assert.Equal(committed.Count, delivered);
        Assert.Equal(committed.Count, effects.Count);
        Assert.True(effects.Select(e => e.EventId).ToHashSet().SetEquals(committed));
    }

    /// <summary>Publishes for real, then on batch <c>n</c> hangs after Kafka acknowledged, like a process killed
    /// between publishing and marking the rows sent.</summary>
    private sealed class DyingPublisher(IEventPublisher inner, int dieOnBatch) : IEventPublisher
    {
        private int _batches;

        public TaskCompletionSource<IReadOnlyList<long>> Died { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyList<PublishOutcome>> PublishAsync(IReadOnlyList<OutboxRecord> records, CancellationToken cancellationToken)
        {
            var outcomes = await inner.PublishAsync(records, cancellationToken);
            if (Interlocked.Increment(ref _batches) == dieOnBatch)
            {
                Assert.All(outcomes, o => Assert.True(o.Succeeded));
                Died.TrySetResult(records.Select(r => r.Id).ToArray());
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return outcomes;
        }
    }
}
