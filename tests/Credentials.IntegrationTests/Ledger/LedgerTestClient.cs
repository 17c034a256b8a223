using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using Credentials.Contracts.Events.V1;
using Credentials.Contracts.Ledger.V1;
using Credentials.IntegrationTests.Services;
using Credentials.Outbox;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;

namespace Credentials.IntegrationTests.Ledger;

/// <summary>
/// Helpers for the ledger tests: an auditor-free admin client of the ledger over mTLS, a Kafka producer that publishes
/// envelopes to the owning service's topic the way its outbox relay does (value = envelope bytes, key =
/// aggregate_key, headers event-id / event-type), and owner / writer connections to the ledger schema.
/// </summary>
internal sealed class LedgerTestClient : IDisposable
{
    public const string TestsTopic = "credentials.tests.v1.events";

    private readonly GrpcChannel _channel;
    private readonly IProducer<string, byte[]> _producer;

    public LedgerTestClient(SuiteFixture suite)
    {
        suite.RequireStack();
        _channel = suite.Channel("ledger", suite.ClientTls("admin"));
        Ledger = new LedgerService.LedgerServiceClient(_channel);
        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = Environment.GetEnvironmentVariable("CRED_KAFKA_BOOTSTRAP"),
            Acks = Acks.All,
            EnableIdempotence = true,
        }).Build();
    }

    public LedgerService.LedgerServiceClient Ledger { get; }

    public static CallOptions Call => new(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: TestContext.Current.CancellationToken);

    public static string OwnerConnectionString => Environment.GetEnvironmentVariable("CRED_PG_CONNECTION")!;

    public static EventEnvelope Envelope(string eventType, string aggregateKey, IMessage payload) => new()
    {
        EventId = Guid.NewGuid().ToString("D"),
        EventType = eventType,
        AggregateKey = aggregateKey,
        OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
        Producer = "tests",
        SchemaVersion = 1,
        Payload = Any.Pack(payload),
    };

    /// <summary>
    /// Publishes to <paramref name="topic"/>, by default the topic of the service that owns the event type (the only
    /// one the ledger accepts it from, <see cref="EventTopics"/>), as that service's outbox relay would.
    /// </summary>
    public async Task PublishAsync(EventEnvelope envelope, string? topic = null)
    {
        var message = new Message<string, byte[]>
        {
            Key = envelope.AggregateKey,
            Value = envelope.ToByteArray(),
            Headers =
            [
                new Header(OutboxHeaders.EventId, Encoding.UTF8.GetBytes(envelope.EventId)),
                new Header(OutboxHeaders.EventType, Encoding.UTF8.GetBytes(envelope.EventType)),
            ],
        };
        var result = await _producer.ProduceAsync(topic ?? EventTopics.OwningTopic(envelope.EventType) ?? TestsTopic, message, TestContext.Current.CancellationToken);
        Assert.Equal(PersistenceStatus.Persisted, result.Status);
    }

    /// <summary>Polls until <paramref name="accept"/> holds for the status or <paramref name="timeout"/> passes; returns it and the time taken.</summary>
    public async Task<(GetCredentialStatusResponse Status, TimeSpan Elapsed)> WaitForStatusAsync(
        GetCredentialStatusRequest request, Func<GetCredentialStatusResponse, bool> accept, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var status = await Ledger.GetCredentialStatusAsync(request, Call);
            if (accept(status) || watch.Elapsed > timeout)
            {
                return (status, watch.Elapsed);
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits for the entry of <paramref name="envelope"/> (by aggregate key) and returns it.</summary>
    public async Task<LedgerEntry> WaitForEntryAsync(EventEnvelope envelope, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var page = await Ledger.ListEventsAsync(new ListEventsRequest { AggregateKey = envelope.AggregateKey }, Call);
            var entry = page.Entries.FirstOrDefault(e => e.Event.EventId == envelope.EventId);
            if (entry is not null)
            {
                return entry;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Event {envelope.EventId} did not reach the ledger within {timeout}.");
    }

    /// <summary>A connection as the service's writer role (INSERT/SELECT only on the entries).</summary>
    public static NpgsqlConnection WriterConnection()
    {
        // The documented derivation (docs/ledger.md) when CRED_LEDGER_WRITER_PASSWORD is not set.
        var owner = new NpgsqlConnectionStringBuilder(OwnerConnectionString);
        var configured = Environment.GetEnvironmentVariable("CRED_LEDGER_WRITER_PASSWORD");
        var password = string.IsNullOrEmpty(configured)
            ? Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(owner.Password!), "credentials.ledger.writer/v1:ledger_writer"u8))
            : configured;
        var builder = new NpgsqlConnectionStringBuilder(OwnerConnectionString) { Username = "ledger_writer", Password = password, SearchPath = "ledger" };
        return new NpgsqlConnection(builder.ConnectionString);
    }

    /// <summary>A connection as the schema owner.</summary>
    public static NpgsqlConnection OwnerConnection() =>
        new(new NpgsqlConnectionStringBuilder(OwnerConnectionString) { SearchPath = "ledger" }.ConnectionString);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
        _channel.Dispose();
    }
}
