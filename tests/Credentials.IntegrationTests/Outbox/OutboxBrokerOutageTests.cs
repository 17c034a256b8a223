using Credentials.IntegrationTests.Stack;

namespace Credentials.IntegrationTests.Outbox;

public sealed class OutboxBrokerOutageTests
{
    [Fact]
    public async Task Relay_BrokerDownForTenSeconds_EventsWaitThenDrain()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        // A private broker: taking the shared dev broker down would break everyone else's tests.
        using var cluster = new MockKafkaCluster();
        await using var harness = await OutboxHarness.CreateAsync(stack, cluster.Bootstrap, o => o.BatchSize = 100, ct);
        using var publisher = harness.CreatePublisher();
        using var relay = harness.CreateRelay(publisher);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await relay.StartAsync(ct);

        var (before, _) = await harness.WriteAsync(10, 10, 10, new Random(11), 0, ct);
        Assert.Equal(100, await harness.WaitForSentAsync(100, TimeSpan.FromSeconds(120), ct));
        var consuming = harness.StartConsumer(stop.Token);
        Assert.Equal(100, await harness.WaitForEffectsAsync(100, TimeSpan.FromSeconds(120), ct));

        cluster.BrokerDown();
        var outageStarted = DateTime.UtcNow;
        var (during, _) = await harness.WriteAsync(30, 10, 10, new Random(12), 0, ct);
        await Task.Delay(TimeSpan.FromSeconds(10) - (DateTime.UtcNow - outageStarted), ct);

        // While the broker is away, events wait in the outbox and publish attempts are backed off.
        Assert.Equal(300, await harness.ScalarAsync("SELECT count(*) FROM {schema}.outbox_messages WHERE sent_at IS NULL", ct));
        Assert.True(await harness.ScalarAsync("SELECT count(*) FROM {schema}.outbox_messages WHERE attempts > 0", ct) > 0);
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM {schema}.outbox_dead_letters", ct));
        Assert.Equal(100, await harness.ScalarAsync("SELECT count(*) FROM {schema}.test_effects", ct));
        var (pending, lagSeconds) = harness.Metrics.GetBacklog(harness.Schema);
        Assert.InRange(pending, 1, 300);
        Assert.True(lagSeconds > 1, $"lag gauge {lagSeconds:F1} s");

        cluster.BrokerUp();
        var drained = await harness.WaitForEffectsAsync(400, TimeSpan.FromSeconds(180), ct);
        await Task.Delay(1000, ct);
        await stop.CancelAsync();
        await consuming;
        await relay.StopAsync(CancellationToken.None);

        Assert.Equal(400, drained);
        var effects = await harness.ReadEffectsAsync(ct);
        Assert.Equal(400, effects.Count);
        Assert.True(effects.Select(e => e.EventId).ToHashSet().SetEquals(before.Concat(during)));
        OutboxDeliveryTests.AssertOrderedPerKey(effects);
    }
}
