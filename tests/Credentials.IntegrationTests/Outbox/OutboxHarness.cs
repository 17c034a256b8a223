using System.Buffers.Binary;
using Credentials.IntegrationTests.Stack;
using Credentials.Outbox;
using Credentials.Outbox.Kafka;
using Credentials.Outbox.Postgres;
using Credentials.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.IntegrationTests.Outbox;

/// <summary>
/// One outbox test world: a unique schema (outbox tables + a test effect table) and a unique topic, a writer,
/// relays, a Kafka publisher and an inbox consumer whose effect is one row per handled event.
/// </summary>
internal sealed class OutboxHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Dictionary<int, int> _sequences = [];

    private OutboxHarness(string schema, string topic, NpgsqlDataSource dataSource, OutboxOptions options, KafkaOptions kafka)
    {
        Schema = schema;
        Topic = topic;
        DataSource = dataSource;
        Options = options;
        Kafka = kafka;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Metrics = new OutboxMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        Writer = new OutboxWriter(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System);
    }

    public string Schema { get; }

    public string Topic { get; }

    public NpgsqlDataSource DataSource { get; }

    public OutboxOptions Options { get; }

    public KafkaOptions Kafka { get; }

    public OutboxMetrics Metrics { get; }

    public OutboxWriter Writer { get; }

    public static async Task<OutboxHarness> CreateAsync(
        StackEnvironment stack, string bootstrap, Action<OutboxOptions>? configure, CancellationToken cancellationToken)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var schema = "it_outbox_" + suffix;
        var options = new OutboxOptions
        {
            Schema = schema,
            BatchSize = 200,
            PollInterval = TimeSpan.FromMilliseconds(250),
            InitialBackoff = TimeSpan.FromMilliseconds(200),
            MaxBackoff = TimeSpan.FromSeconds(2),
            MaxAttempts = 50,
            MetricsInterval = TimeSpan.FromMilliseconds(500),
        };
        configure?.Invoke(options);
        var kafka = new KafkaOptions
        {
            BootstrapServers = bootstrap,
            ClientId = "it-" + suffix,
            ConsumerGroupId = "it-" + suffix,
            MessageTimeoutMs = 3000,
            CommitEvery = 50,
            Properties = { ["topic.metadata.refresh.interval.ms"] = "1000" },
        };
        var dataSource = PostgresServiceCollectionExtensions.CreateDataSource(
            new PostgresOptions { ConnectionString = stack.PostgresConnectionString, Schema = schema }, null);
        var runner = new MigrationRunner(dataSource, TimeProvider.System, NullLogger<MigrationRunner>.Instance);
        await OutboxSchema.EnsureAsync(runner, schema, cancellationToken);
        await using (var command = dataSource.CreateCommand(
            $"CREATE TABLE \"{schema}\".test_effects (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id uuid NOT NULL, aggregate_key text NOT NULL, sequence integer NOT NULL)"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new OutboxHarness(schema, "it-outbox-" + suffix, dataSource, options, kafka);
    }

    public KafkaEventPublisher CreatePublisher() =>
        new(Microsoft.Extensions.Options.Options.Create(Kafka), NullLogger<KafkaEventPublisher>.Instance);

    /// <summary>A relay over this world's outbox; <paramref name="timeProvider"/> is its clock (the system's by default).</summary>
    public OutboxRelay CreateRelay(IEventPublisher publisher, TimeProvider? timeProvider = null) =>
        new(DataSource, publisher, Microsoft.Extensions.Options.Options.Create(Options), Metrics, timeProvider ?? TimeProvider.System, NullLogger<OutboxRelay>.Instance);

    /// <summary>Starts the inbox consumer; its effect is one <c>test_effects</c> row per handled event.</summary>
    public Task StartConsumer(CancellationToken cancellationToken)
    {
        var inbox = new InboxProcessor(DataSource, Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System);
        var consumer = new KafkaInboxConsumer<InboxTransaction>(
            Microsoft.Extensions.Options.Options.Create(Kafka), inbox, TimeProvider.System, Metrics, NullLogger<KafkaInboxConsumer<InboxTransaction>>.Instance);
        return consumer.RunAsync("it-consumer", [Topic], async (consumed, tx, ct) =>
        {
            await using var command = new NpgsqlCommand(
                $"INSERT INTO \"{Schema}\".test_effects (event_id, aggregate_key, sequence) VALUES (@id, @key, @sequence)",
                tx.Connection,
                tx.Transaction);
            command.Parameters.AddWithValue("id", consumed.EventId);
            command.Parameters.AddWithValue("key", consumed.AggregateKey);
            command.Parameters.AddWithValue("sequence", BinaryPrimitives.ReadInt32BigEndian(consumed.Payload.Span));
            await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="transactions"/> transactions of <paramref name="perTransaction"/> events over
    /// <paramref name="keyCount"/> aggregate keys; each transaction rolls back with probability
    /// <paramref name="rollbackRate"/> drawn from <paramref name="random"/>. With <paramref name="grouped"/> each
    /// transaction's events go in with one <see cref="OutboxWriter.EnqueueManyAsync"/> (a group commit).
    /// </summary>
    public async Task<(List<Guid> Committed, List<Guid> RolledBack)> WriteAsync(
        int transactions, int perTransaction, int keyCount, Random random, double rollbackRate, CancellationToken cancellationToken, bool grouped = false)
    {
        var committed = new List<Guid>();
        var rolledBack = new List<Guid>();
        for (var t = 0; t < transactions; t++)
        {
            var rollback = random.NextDouble() < rollbackRate;
            var ids = new List<Guid>(perTransaction);
            var messages = new List<OutboxMessage>();
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            for (var i = 0; i < perTransaction; i++)
            {
                var key = random.Next(keyCount);
                var payload = new byte[16];
                // Rolled-back events do not consume a sequence number: committed ones stay gap-free per key.
                var sequence = _sequences.GetValueOrDefault(key);
                if (!rollback)
                {
                    _sequences[key] = sequence + 1;
                }

                BinaryPrimitives.WriteInt32BigEndian(payload, rollback ? -1 : sequence);
                var id = Guid.NewGuid();
                ids.Add(id);
                var message = new OutboxMessage
                {
                    EventId = id,
                    EventType = "credentials.events.v1.TestEvent",
                    Topic = Topic,
                    AggregateKey = "agg-" + key,
                    Payload = payload,
                    Headers = new Dictionary<string, string>
                    {
                        [OutboxHeaders.TraceParent] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                    },
                };
                if (grouped)
                {
                    messages.Add(message);
                }
                else
                {
                    await Writer.EnqueueAsync(connection, transaction, message, cancellationToken);
                }
            }

            await Writer.EnqueueManyAsync(connection, transaction, messages, cancellationToken);

            if (rollback)
            {
                await transaction.RollbackAsync(cancellationToken);
                rolledBack.AddRange(ids);
            }
            else
            {
                await transaction.CommitAsync(cancellationToken);
                committed.AddRange(ids);
            }
        }

        return (committed, rolledBack);
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql.Replace("{schema}", "\"" + Schema + "\"", StringComparison.Ordinal));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the effect table holds <paramref name="expected"/> rows; the row count when it stops.</summary>
    public async Task<long> WaitForEffectsAsync(long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        long count;
        while ((count = await ScalarAsync("SELECT count(*) FROM {schema}.test_effects", cancellationToken)) < expected
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, cancellationToken);
        }

        return count;
    }

    /// <summary>Waits until <paramref name="expected"/> outbox rows are marked sent; the count when it stops.</summary>
    public async Task<long> WaitForSentAsync(long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        long count;
        while ((count = await ScalarAsync("SELECT count(*) FROM {schema}.outbox_messages WHERE sent_at IS NOT NULL", cancellationToken)) < expected
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }

        return count;
    }

    /// <summary>The effect rows in handling order.</summary>
    public async Task<List<(Guid EventId, string Key, int Sequence)>> ReadEffectsAsync(CancellationToken cancellationToken)
    {
        var rows = new List<(Guid, string, int)>();
        await using var command = DataSource.CreateCommand($"SELECT event_id, aggregate_key, sequence FROM \"{Schema}\".test_effects ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return rows;
    }

    public void Own(IAsyncDisposable disposable) => _owned.Add(disposable);

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        try
        {
            await using var command = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await DataSource.DisposeAsync();
            await _services.DisposeAsync();
        }
    }
}
