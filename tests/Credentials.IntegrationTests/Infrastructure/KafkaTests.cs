using System.Text;
using Confluent.Kafka;
using Credentials.IntegrationTests.Stack;

namespace Credentials.IntegrationTests.Infrastructure;

/// <summary>The Kafka-protocol dev broker of the local stack through Confluent.Kafka.</summary>
public sealed class KafkaTests
{
    private const string PreCreatedTopic = "credentials.tests.v1.events";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ProduceThenConsume_PreCreatedTopic_DeliversMessageWithKeyAndHeaders()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var cancellationToken = TestContext.Current.CancellationToken;
        var eventId = Guid.NewGuid().ToString("N");

        using var producer = new ProducerBuilder<string, byte[]>(ProducerConfig(stack)).Build();
        var delivery = await producer.ProduceAsync(PreCreatedTopic, Message(eventId), cancellationToken);

        using var consumer = new ConsumerBuilder<string, byte[]>(ConsumerConfig(stack, "tests-assign-" + eventId)).Build();
        consumer.Assign(delivery.TopicPartitionOffset);
        var received = ConsumeUntil(consumer, eventId, cancellationToken);
        consumer.Close();

        Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
        Assert.Equal(delivery.Offset, received.Offset);
        Assert.Equal("payload " + eventId, Encoding.UTF8.GetString(received.Message.Value));
        Assert.Equal(eventId, Encoding.UTF8.GetString(received.Message.Headers.GetLastBytes("event-id")));
    }

    [Fact]
    public async Task ProduceThenSubscribe_AutoCreatedTopic_ConsumerGroupReceivesAndCommits()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var cancellationToken = TestContext.Current.CancellationToken;
        var eventId = Guid.NewGuid().ToString("N");
        var topic = "credentials.tests.v1.auto-" + eventId;

        using var producer = new ProducerBuilder<string, byte[]>(ProducerConfig(stack)).Build();
        var delivery = await producer.ProduceAsync(topic, Message(eventId), cancellationToken);

        using var consumer = new ConsumerBuilder<string, byte[]>(ConsumerConfig(stack, "tests-group-" + eventId)).Build();
        consumer.Subscribe(topic);
        var received = ConsumeUntil(consumer, eventId, cancellationToken);
        var committed = consumer.Commit();
        consumer.Close();

        Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
        Assert.Equal(delivery.TopicPartitionOffset, received.TopicPartitionOffset);
        Assert.Contains(committed, offset => offset.TopicPartition == delivery.TopicPartition && offset.Offset == delivery.Offset + 1);
    }

    private static ProducerConfig ProducerConfig(StackEnvironment stack) => new()
    {
        BootstrapServers = stack.KafkaBootstrap,
        EnableIdempotence = true,
        Acks = Acks.All,
        MessageTimeoutMs = (int)Deadline.TotalMilliseconds,
    };

    private static ConsumerConfig ConsumerConfig(StackEnvironment stack, string groupId) => new()
    {
        BootstrapServers = stack.KafkaBootstrap,
        GroupId = groupId,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        // Short group timings: the mock's rebalance otherwise takes tens of seconds (INFRA.md).
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 500,
    };

    private static Message<string, byte[]> Message(string eventId) => new()
    {
        Key = "aggregate-" + eventId,
        Value = Encoding.UTF8.GetBytes("payload " + eventId),
        Headers = new Headers { { "event-id", Encoding.UTF8.GetBytes(eventId) } },
    };

    private static ConsumeResult<string, byte[]> ConsumeUntil(
        IConsumer<string, byte[]> consumer, string eventId, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + Deadline;
        while (DateTimeOffset.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result?.Message is { } message && message.Key == "aggregate-" + eventId)
            {
                return result;
            }
        }

        throw new TimeoutException($"message {eventId} not consumed within {Deadline.TotalSeconds} s");
    }
}
