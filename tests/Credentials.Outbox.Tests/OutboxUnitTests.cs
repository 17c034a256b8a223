using Confluent.Kafka;
using Credentials.Outbox.Kafka;
using Credentials.Outbox.Postgres;

namespace Credentials.Outbox.Tests;

public sealed class OutboxUnitTests
{
    [Fact]
    public void NotificationChannelOf_Schemas_OneValidIdentifierPerSchema()
    {
        var longest = new string('s', 63);
        string[] schemas = ["document_signer", "ledger", "csca", longest, longest[..62] + "t"];

        var channels = schemas.Select(OutboxSchema.NotificationChannelOf).ToList();

        Assert.Equal("credentials_outbox_document_signer", channels[0]);
        Assert.Equal(channels.Count, channels.Distinct(StringComparer.Ordinal).Count());
        Assert.All(channels, c => Assert.True(Credentials.Storage.Migrations.SchemaName.IsValid(c), c));
        Assert.Equal(channels[3], OutboxSchema.NotificationChannelOf(longest));
        Assert.Throws<ArgumentException>(() => OutboxSchema.NotificationChannelOf("Bad-Schema"));
    }

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(6, 30000)]
    [InlineData(100, 30000)]
    public void Compute_Attempts_DoublesUpToTheCap(int attempts, int expectedMs) =>
        Assert.Equal(
            TimeSpan.FromMilliseconds(expectedMs),
            OutboxBackoff.Compute(attempts, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)));

    [Fact]
    public void Compute_ZeroAttempts_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OutboxBackoff.Compute(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));

    [Fact]
    public void Validate_DefaultsWithSchema_Succeed() =>
        Assert.True(new OutboxOptionsValidator().Validate(null, new OutboxOptions { Schema = "signer" }).Succeeded);

    [Fact]
    public void Validate_BadValues_ListsEveryProblem()
    {
        var result = new OutboxOptionsValidator().Validate(null, new OutboxOptions
        {
            Schema = "",
            BatchSize = 0,
            MaxAttempts = 0,
            PollInterval = TimeSpan.Zero,
            InitialBackoff = TimeSpan.FromMinutes(10),
            MaxBackoff = TimeSpan.FromMinutes(1),
            MinPassInterval = TimeSpan.FromMilliseconds(-1),
        });
        Assert.True(result.Failed);
        foreach (var name in new[] { "Schema", "BatchSize", "MaxAttempts", "PollInterval", "MaxBackoff", "MinPassInterval" })
        {
            Assert.Contains(name, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Migrations_EmbeddedOutboxScript_IsVersionOneWithAllTables()
    {
        var migration = Assert.Single(OutboxSchema.Migrations.Migrations);
        Assert.Equal(1, migration.Version);
        Assert.Equal("outbox", OutboxSchema.Migrations.Name);
        foreach (var table in new[] { "outbox_messages", "outbox_dead_letters", "inbox_messages" })
        {
            Assert.Contains("CREATE TABLE " + table, migration.Sql, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WaitAsync_SignalledBefore_ReturnsWithoutWaitingForTimeout()
    {
        using var signal = new AsyncSignal();
        signal.Set();
        signal.Set();
        var started = DateTime.UtcNow;
        await signal.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System, TestContext.Current.CancellationToken);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Validate_KafkaIdempotenceWithoutAcksAll_Fails()
    {
        var validator = KafkaValidation.Validator("Development");
        Assert.True(validator.Validate(null, new KafkaOptions { BootstrapServers = "127.0.0.1:9092" }).Succeeded);
        var result = validator.Validate(null, new KafkaOptions { BootstrapServers = "127.0.0.1:9092", Acks = Acks.Leader });
        Assert.True(result.Failed);
        Assert.True(validator.Validate(null, new KafkaOptions { BootstrapServers = "x:1", SecurityProtocol = SecurityProtocol.SaslSsl }).Failed);
    }

    [Fact]
    public void Producer_DefaultOptions_IdempotentAcksAllAndExtraPropertiesApplied()
    {
        var options = new KafkaOptions { BootstrapServers = "127.0.0.1:9092", Properties = { ["socket.keepalive.enable"] = "true" } };
        var producer = KafkaConfigFactory.Producer(options);
        Assert.Equal(Acks.All, producer.Acks);
        Assert.True(producer.EnableIdempotence);
        Assert.Equal("true", producer.Get("socket.keepalive.enable"));

        var consumer = KafkaConfigFactory.Consumer(options);
        Assert.False(consumer.EnableAutoCommit);
        Assert.False(consumer.EnableAutoOffsetStore);
        Assert.Equal(6000, consumer.SessionTimeoutMs);
        Assert.Equal(500, consumer.HeartbeatIntervalMs);
        Assert.Equal(4096, consumer.QueuedMaxMessagesKbytes); // bounded prefetch, not librdkafka's 64 MiB
        Assert.Equal(4096 * 1024, consumer.FetchMaxBytes);
        Assert.True(KafkaValidation.Validator("Development").Validate(null, new KafkaOptions { BootstrapServers = "x:1", ConsumerQueuedMaxKbytes = 10 }).Failed);
    }
}
