using Credentials.IntegrationTests.Stack;
using Credentials.Outbox.Postgres;

namespace Credentials.IntegrationTests.Outbox;

/// <summary>
/// <see cref="Credentials.Outbox.OutboxWriter.EnqueueManyAsync"/> (the group commit of document-signer): the events of
/// one statement keep the order given, rolled-back groups leave nothing, and the relay delivers each committed event
/// exactly once in order per key.
/// </summary>
public sealed class OutboxGroupWriteTests
{
    [Fact]
    public async Task Relay_EventsWrittenInGroups_DeliversExactlyTheCommittedInOrderPerKey()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await OutboxHarness.CreateAsync(stack, stack.KafkaBootstrap, null, ct);
        using var publisher = harness.CreatePublisher();
        using var relay = harness.CreateRelay(publisher);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await relay.StartAsync(ct);
        var consuming = harness.StartConsumer(stop.Token);

        var (committed, rolledBack) = await harness.WriteAsync(200, 16, 20, new Random(11), 0.15, ct, grouped: true);
        var delivered = await harness.WaitForEffectsAsync(committed.Count, TimeSpan.FromSeconds(180), ct);
        await Task.Delay(1000, ct);
        await stop.CancelAsync();
        await consuming;
        await relay.StopAsync(CancellationToken.None);

        Assert.NotEmpty(rolledBack);
        Assert.Equal(committed.Count, await harness.ScalarAsync("SELECT count(*) FROM {schema}.outbox_messages", ct));
        var stored = await harness.ScalarAsync(
            "SELECT count(*) FROM {schema}.outbox_messages WHERE headers->>'traceparent' = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'", ct);
        Assert.Equal(committed.Count, stored);
        var effects = await harness.ReadEffectsAsync(ct);
        Assert.Equal(committed.Count, delivered);
        Assert.Equal(committed.Count, effects.Count);
        Assert.True(effects.Select(e => e.EventId).ToHashSet().SetEquals(committed));
        OutboxDeliveryTests.AssertOrderedPerKey(effects);
    }
}
