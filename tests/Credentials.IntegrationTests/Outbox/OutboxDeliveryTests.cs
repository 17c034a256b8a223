using Credentials.IntegrationTests.Stack;

namespace Credentials.IntegrationTests.Outbox;

public sealed class OutboxDeliveryTests
{
    [Fact]
    public async Task Relay_TenThousandEventsWithSeededRollbacks_DeliversExactlyTheCommitted()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await OutboxHarness.CreateAsync(stack, stack.KafkaBootstrap, o => o.BatchSize = 500, ct);
        using var publisher = harness.CreatePublisher();
        using var relay = harness.CreateRelay(publisher);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await relay.StartAsync(ct);
        var consuming = harness.StartConsumer(stop.Token);

        // 1,000 transactions of 10 events; about a quarter roll back (seeded, so the run is reproducible).
        var (committed, rolledBack) = await harness.WriteAsync(1000, 10, 100, new Random(20261123), 0.25, ct);
        Assert.Equal(10_000, committed.Count + rolledBack.Count);
        Assert.InRange(rolledBack.Count, 1000, 4000);

        var delivered = await harness.WaitForEffectsAsync(committed.Count, TimeSpan.FromSeconds(180), ct);
        await Task.Delay(1000, ct); // anything extra would arrive now
        await stop.CancelAsync();
        await consuming;
        await relay.StopAsync(CancellationToken.None);

        var effects = await harness.ReadEffectsAsync(ct);
        Assert.Equal(committed.Count, delivered);
        Assert.Equal(committed.Count, effects.Count);
        var handled = effects.Select(e => e.EventId).ToHashSet();
        Assert.Equal(effects.Count, handled.Count);
        Assert.True(handled.SetEquals(committed));
        Assert.DoesNotContain(rolledBack, handled.Contains);
        AssertOrderedPerKey(effects);
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM {schema}.outbox_messages WHERE sent_at IS NULL", ct));
    }

    /// <summary>Per aggregate key, sequence numbers arrive as 0, 1, 2, ... with no gap and no reordering.</summary>
    internal static void AssertOrderedPerKey(IEnumerable<(Guid EventId, string Key, int Sequence)> effects)
    {
        foreach (var group in effects.GroupBy(e => e.Key))
        {
            var sequences = group.Select(e => e.Sequence).ToArray();
            Assert.Equal(Enumerable.Range(0, sequences.Length), sequences);
        }
    }
}
