using Credentials.IntegrationTests.Stack;

namespace Credentials.IntegrationTests.Outbox;

public sealed class OutboxTwoRelaysTests
{
    [Fact]
    public async Task Relay_TwoRelaysAtOnce_NoEventHandledTwiceAndOrderPerKeyKept()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await OutboxHarness.CreateAsync(stack, stack.KafkaBootstrap, o => o.BatchSize = 50, ct);
        using var publisherA = harness.CreatePublisher();
        using var publisherB = harness.CreatePublisher();
        using var relayA = harness.CreateRelay(publisherA);
        using var relayB = harness.CreateRelay(publisherB);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await relayA.StartAsync(ct);
        await relayB.StartAsync(ct);
        var consuming = harness.StartConsumer(stop.Token);

        var (committed, _) = await harness.WriteAsync(300, 10, 30, new Random(5), 0.1, ct);
        var delivered = await harness.WaitForEffectsAsync(committed.Count, TimeSpan.FromSeconds(180), ct);
        await Task.Delay(1000, ct);
        await stop.CancelAsync();
        await consuming;
        await relayA.StopAsync(CancellationToken.None);
        await relayB.StopAsync(CancellationToken.None);

        var effects = await harness.ReadEffectsAsync(ct);
        Assert.Equal(committed.Count, delivered);
        Assert.Equal(committed.Count, effects.Count);
        Assert.Equal(effects.Count, effects.Select(e => e.EventId).Distinct().Count());
        Assert.True(effects.Select(e => e.EventId).ToHashSet().SetEquals(committed));
        OutboxDeliveryTests.AssertOrderedPerKey(effects);
    }
}
