using System.Buffers.Binary;
using Confluent.Kafka;
using Credentials.IntegrationTests.Stack;
using Credentials.Outbox;

namespace Credentials.IntegrationTests.Outbox;

/// <summary>
/// A broker deletes old events by retention whether or not every consumer has read them (librdkafka's mock keeps
/// about 5 MiB per partition, a real broker whatever <c>retention.bytes</c>/<c>retention.ms</c> say). A consumer
/// whose committed position was deleted must not jump over the gap silently: it reports how many events it lost,
/// then reads on from the log's start.
/// </summary>
public sealed class InboxRetentionLossTests
{
    private const string Key = "agg-retention";
    private const int PayloadBytes = 1024;

    [Fact]
    public async Task Consumer_CommittedPositionDeletedByRetention_CountsTheLostEventsAndReadsOnFromLogStart()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        // A private broker: 8 MiB into one partition of the shared dev broker would trim nobody else's topic, but
        // the test should not depend on what else is running.
        using var cluster = new MockKafkaCluster();
        await using var harness = await OutboxHarness.CreateAsync(stack, cluster.Bootstrap, null, ct);
        using var publisher = harness.CreatePublisher();

        // Read and committed: offsets 0..19.
        await PublishAsync(harness, publisher, 0, 20, ct);
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var consuming = harness.StartConsumer(stop.Token);
            Assert.Equal(20, await harness.WaitForEffectsAsync(20, TimeSpan.FromSeconds(60), ct));
            await stop.CancelAsync();
            await consuming;
        }

        // While the consumer is away, 8 MiB more go to the same partition: the broker deletes the oldest, including
        // the consumer's committed position 20.
        const int Total = 8_020;
        await PublishAsync(harness, publisher, 20, Total - 20, ct);
        var (partition, low, high) = Watermarks(harness);
        Assert.Equal(Total, high);
        Assert.True(low > 20, $"the broker kept the whole log (low watermark {low}); the test needs it trimmed");

        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var consuming = harness.StartConsumer(stop.Token);
            var expected = 20 + (Total - low);
            Assert.Equal(expected, await harness.WaitForEffectsAsync(expected, TimeSpan.FromSeconds(120), ct));
            await stop.CancelAsync();
            await consuming;
        }

        Assert.Equal(low - 20, harness.Metrics.GetEventsLost("it-consumer"));
        var sequences = (await harness.ReadEffectsAsync(ct)).Select(e => (long)e.Sequence).ToList();
        var retained = Enumerable.Range(0, 20).Select(i => (long)i)
            .Concat(Enumerable.Range((int)low, (int)(Total - low)).Select(i => (long)i));
        Assert.Equal(retained, sequences);
        Assert.True(partition >= 0);
    }

    [Fact]
    public async Task Consumer_FallingBehindWhileTheBrokerDeletes_CountsEveryEventItNeverRead()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        using var cluster = new MockKafkaCluster();
        await using var harness = await OutboxHarness.CreateAsync(stack, cluster.Bootstrap, null, ct);
        // A small prefetch, so what the consumer holds in memory is far less than what the broker deletes.
        harness.Kafka.ConsumerQueuedMaxKbytes = 1024;
        using var publisher = harness.CreatePublisher();
        await PublishAsync(harness, publisher, 0, 20, ct);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var consuming = harness.StartConsumer(stop.Token);
        Assert.Equal(20, await harness.WaitForEffectsAsync(20, TimeSpan.FromSeconds(60), ct));

        // The consumer stays up but falls behind: its handler waits on a lock while 10 MiB go to its partition.
        const int Total = 10_020;
        await using (var blocker = await harness.DataSource.OpenConnectionAsync(ct))
        await using (var transaction = await blocker.BeginTransactionAsync(ct))
        {
            await using (var lockTable = new Npgsql.NpgsqlCommand($"LOCK TABLE \"{harness.Schema}\".test_effects IN EXCLUSIVE MODE", blocker, transaction))
            {
                await lockTable.ExecuteNonQueryAsync(ct);
            }

            await PublishAsync(harness, publisher, 20, Total - 20, ct);
            var (_, low, high) = Watermarks(harness);
            Assert.Equal(Total, high);
            Assert.True(low > 2_000, $"the broker kept too much (low watermark {low}) for the test to mean anything");
            await transaction.RollbackAsync(ct);
        }

        // Every event is either handled or counted as lost, none both, none twice.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        long effects;
        while ((effects = await harness.ScalarAsync("SELECT count(*) FROM {schema}.test_effects", ct)) + harness.Metrics.GetEventsLost("it-consumer") < Total
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, ct);
        }

        await Task.Delay(500, ct);
        await stop.CancelAsync();
        await consuming;
        var lost = harness.Metrics.GetEventsLost("it-consumer");
        var sequences = (await harness.ReadEffectsAsync(ct)).Select(e => e.Sequence).ToList();
        Assert.True(lost > 0, "nothing was reported lost although the broker deleted unread events");
        Assert.Equal(Total, sequences.Count + lost);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.Equal(sequences.Order(), sequences);
        // What was handled is the start, then everything from the first event the broker still had.
        var gapStart = sequences.Select((sequence, index) => (sequence, index)).First(p => p.sequence != p.index).index;
        Assert.Equal(Enumerable.Range(0, gapStart).Concat(Enumerable.Range((int)(gapStart + lost), (int)(Total - gapStart - lost))), sequences);
    }

    /// <summary>Publishes events whose sequence (first four payload bytes) is their offset: one key, one partition.</summary>
    private static async Task PublishAsync(OutboxHarness harness, IEventPublisher publisher, int first, int count, CancellationToken cancellationToken)
    {
        const int Chunk = 500;
        for (var start = first; start < first + count; start += Chunk)
        {
            var records = new List<OutboxRecord>();
            for (var sequence = start; sequence < Math.Min(first + count, start + Chunk); sequence++)
            {
                var payload = new byte[PayloadBytes];
                BinaryPrimitives.WriteInt32BigEndian(payload, sequence);
                Random.Shared.NextBytes(payload.AsSpan(4));
                records.Add(new OutboxRecord(sequence, new OutboxMessage
                {
                    EventId = Guid.NewGuid(),
                    EventType = "credentials.events.v1.TestEvent",
                    Topic = harness.Topic,
                    AggregateKey = Key,
                    Payload = payload,
                }, DateTimeOffset.UtcNow, 0));
            }

            var outcomes = await publisher.PublishAsync(records, cancellationToken);
            Assert.All(outcomes, outcome => Assert.True(outcome.Succeeded, outcome.Error));
        }
    }

    /// <summary>The one partition holding events, and its low and high watermarks.</summary>
    private static (int Partition, long Low, long High) Watermarks(OutboxHarness harness)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = harness.Kafka.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(harness.Topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions;
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = harness.Kafka.BootstrapServers,
            GroupId = "it-watermarks-" + Guid.NewGuid().ToString("N"),
        }).Build();
        var used = partitions
            .Select(p => (p.PartitionId, Marks: consumer.QueryWatermarkOffsets(new TopicPartition(harness.Topic, p.PartitionId), TimeSpan.FromSeconds(10))))
            .Where(p => p.Marks.High.Value > 0)
            .ToList();
        var single = Assert.Single(used);
        return (single.PartitionId, single.Marks.Low.Value, single.Marks.High.Value);
    }
}
