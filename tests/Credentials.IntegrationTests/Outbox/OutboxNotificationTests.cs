using Credentials.IntegrationTests.Stack;
using Credentials.Outbox.Postgres;
using Npgsql;

namespace Credentials.IntegrationTests.Outbox;

/// <summary>
/// Each schema's outbox notifies its own channel: a commit wakes that schema's relay at once (no polling needed), and
/// nobody listening for another schema hears it.
/// </summary>
public sealed class OutboxNotificationTests
{
    [Fact]
    public async Task Writer_CommitInOneSchema_NotifiesOnlyThatSchemasChannel()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var first = await OutboxHarness.CreateAsync(stack, stack.KafkaBootstrap, null, ct);
        await using var second = await OutboxHarness.CreateAsync(stack, stack.KafkaBootstrap, null, ct);
        Assert.NotEqual(OutboxSchema.NotificationChannelOf(first.Schema), OutboxSchema.NotificationChannelOf(second.Schema));

        await using var listener = await first.DataSource.OpenConnectionAsync(ct);
        var heard = new List<string>();
        listener.Notification += (_, args) =>
        {
            lock (heard)
            {
                heard.Add(args.Channel + " " + args.Payload);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN \"{OutboxSchema.NotificationChannelOf(first.Schema)}\"", listener))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        // The other schema's commit: nothing arrives on the first schema's channel.
        await second.WriteAsync(1, 3, 1, new Random(1), 0, ct);
        Assert.False(await listener.WaitAsync(TimeSpan.FromMilliseconds(500), ct));

        // Its own commit (one transaction of three events): one notification, carrying its schema.
        await first.WriteAsync(1, 3, 1, new Random(2), 0, ct);
        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Equal([OutboxSchema.NotificationChannelOf(first.Schema) + " " + first.Schema], heard);
    }

    [Fact]
    public async Task Relay_PollingEveryTenMinutes_CommitIsPublishedWithinSeconds()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await OutboxHarness.CreateAsync(stack, stack.KafkaBootstrap, o => o.PollInterval = TimeSpan.FromMinutes(10), ct);
        using var publisher = harness.CreatePublisher();
        using var relay = harness.CreateRelay(publisher);
        await relay.StartAsync(ct);
        try
        {
            // Wait until the relay's LISTEN is in place (its connection's last statement), then commit.
            var channel = OutboxSchema.NotificationChannelOf(harness.Schema);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await harness.ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN \"{channel}\"'", ct) == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, ct);
            }

            await harness.WriteAsync(1, 5, 2, new Random(3), 0, ct);
            Assert.Equal(5, await harness.WaitForSentAsync(5, TimeSpan.FromSeconds(20), ct));
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }
}
