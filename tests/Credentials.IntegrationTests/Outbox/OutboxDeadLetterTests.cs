using System.Diagnostics.Metrics;
using Credentials.IntegrationTests.Stack;
using Credentials.Outbox;

namespace Credentials.IntegrationTests.Outbox;

public sealed class OutboxDeadLetterTests
{
    [Fact]
    public async Task Relay_OneEventKeepsFailing_DeadLettersItAfterMaxAttemptsAndPublishesTheRest()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await OutboxHarness.CreateAsync(stack, stack.KafkaBootstrap, o =>
        {
            o.MaxAttempts = 3;
            o.InitialBackoff = TimeSpan.FromMilliseconds(50);
            o.MaxBackoff = TimeSpan.FromMilliseconds(200);
            o.PollInterval = TimeSpan.FromMilliseconds(50);
        }, ct);
        var (committed, _) = await harness.WriteAsync(5, 4, 2, new Random(3), 0, ct);
        var poison = committed[5];
        var publisher = new PoisonPublisher(poison);
        var published = new List<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OutboxMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "outbox.dead_lettered")
            {
                lock (published)
                {
                    published.Add(value);
                }
            }
        });
        listener.Start();

        using var relay = harness.CreateRelay(publisher);
        await relay.StartAsync(ct);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await harness.ScalarAsync("SELECT count(*) FROM {schema}.outbox_messages WHERE sent_at IS NULL", ct) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        await relay.StopAsync(CancellationToken.None);

        Assert.Equal(1, await harness.ScalarAsync($"SELECT count(*) FROM {{schema}}.outbox_dead_letters WHERE event_id = '{poison}' AND attempts = 3", ct));
        Assert.Equal(committed.Count - 1, await harness.ScalarAsync("SELECT count(*) FROM {schema}.outbox_messages WHERE sent_at IS NOT NULL", ct));
        Assert.Equal(3, publisher.PoisonAttempts);
        Assert.Equal(committed.Count - 1, publisher.Published.Count);
        Assert.DoesNotContain(poison, publisher.Published);
        lock (published)
        {
            Assert.Equal(1, published.Sum());
        }
    }

    /// <summary>Acknowledges every event except one, which always fails.</summary>
    private sealed class PoisonPublisher(Guid poison) : IEventPublisher
    {
        private int _poisonAttempts;

        public int PoisonAttempts => Volatile.Read(ref _poisonAttempts);

        public System.Collections.Concurrent.ConcurrentBag<Guid> Published { get; } = [];

        public Task<IReadOnlyList<PublishOutcome>> PublishAsync(IReadOnlyList<OutboxRecord> records, CancellationToken cancellationToken)
        {
            var outcomes = new PublishOutcome[records.Count];
            for (var i = 0; i < records.Count; i++)
            {
                if (records[i].Message.EventId == poison)
                {
                    Interlocked.Increment(ref _poisonAttempts);
                    outcomes[i] = PublishOutcome.Failure("simulated: message rejected");
                }
                else
                {
                    Published.Add(records[i].Message.EventId);
                    outcomes[i] = PublishOutcome.Success;
                }
            }

            return Task.FromResult<IReadOnlyList<PublishOutcome>>(outcomes);
        }
    }
}
