using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Credentials.Contracts.Events.V1;
using Credentials.Outbox;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Npgsql;

// Ledger ingest rate: publishes N CredentialIssued envelopes to document-signer's topic (as its outbox relay would; the
// ledger accepts an event type only from its owner's topic, EventTopics),
// then waits until the running ledger service has appended all of them, and reports events per second from the first
// publish to the last append (recorded_at), plus the pure append span. Needs the stack (source .run/stack.env) and a
// ledger service consuming it. Usage: Credentials.Bench.Ledger [events=5000]
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var bootstrap = Environment.GetEnvironmentVariable("CRED_KAFKA_BOOTSTRAP") ?? throw new InvalidOperationException("source .run/stack.env first");
var connection = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("CRED_PG_CONNECTION")) { SearchPath = "ledger" }.ConnectionString;
const string Topic = EventTopics.DocumentSigner;

await using var dataSource = NpgsqlDataSource.Create(connection);
var runId = "bench-" + Guid.NewGuid().ToString("N")[..12];
// The run's entries come after the head of the ledger at the start: the polls read them by the sequence key instead of
// scanning the whole table (LIKE cannot use an index under the cluster's C.UTF-8 collation), so a large ledger does not
// make the bench itself load PostgreSQL and the two cores while it waits.
long after = 0;
long Scalar(string sql)
{
    using var command = dataSource.CreateCommand(sql);
    command.Parameters.AddWithValue("prefix", runId + "%");
    command.Parameters.AddWithValue("after", after);
    return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
}

after = Scalar("SELECT coalesce(max(sequence), 0) FROM entries");

using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, EnableIdempotence = true, LingerMs = 5 }).Build();
var started = DateTimeOffset.UtcNow;
var watch = Stopwatch.StartNew();
for (var i = 0; i < count; i++)
{
    var id = string.Create(CultureInfo.InvariantCulture, $"{runId}-{i}");
    var envelope = new EventEnvelope
    {
        EventId = Guid.NewGuid().ToString("D"),
        EventType = "credential.issued",
        AggregateKey = id,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Producer = "bench",
        SchemaVersion = 1,
        Payload = Any.Pack(new CredentialIssued { CredentialId = id, DocumentType = "P", IssuedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) }),
    };
    producer.Produce(Topic, new Message<string, byte[]>
    {
        Key = id,
        Value = envelope.ToByteArray(),
        Headers = [new Header(OutboxHeaders.EventId, Encoding.UTF8.GetBytes(envelope.EventId)), new Header(OutboxHeaders.EventType, "credential.issued"u8.ToArray())],
    });
}

producer.Flush(TimeSpan.FromSeconds(60));
var published = watch.Elapsed;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"published {count} envelopes in {published.TotalSeconds:F2} s"));

var deadline = TimeSpan.FromMinutes(10);
long appended;
while ((appended = Scalar("SELECT count(*) FROM entries WHERE sequence > @after AND aggregate_key LIKE @prefix")) < count)
{
    if (watch.Elapsed > deadline)
    {
        Console.WriteLine($"timeout: {appended} of {count} appended");
        return 1;
    }

    await Task.Delay(200);
}

using var span = dataSource.CreateCommand(
    "SELECT min(recorded_at), max(recorded_at) FROM entries WHERE sequence > @after AND aggregate_key LIKE @prefix");
span.Parameters.AddWithValue("prefix", runId + "%");
span.Parameters.AddWithValue("after", after);
await using var reader = await span.ExecuteReaderAsync();
await reader.ReadAsync();
var first = reader.GetFieldValue<DateTimeOffset>(0);
var last = reader.GetFieldValue<DateTimeOffset>(1);
var endToEnd = (last - started).TotalSeconds;
var appendSpan = (last - first).TotalSeconds;
var process = Process.GetCurrentProcess();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ledger ingest: {count} events, first publish to last append {endToEnd:F2} s = {count / endToEnd:F0} events/s; first to last append {appendSpan:F2} s = {(count - 1) / appendSpan:F0} events/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, bench process CPU {process.TotalProcessorTime.TotalSeconds:F1} s"));

// Goal of issue 18: ≥ 5,000 events/s and ≥ 3 × the signing rate measured in the same run (bench/run-all passes it in
// CRED_BENCH_SIGNING_RATE, SOD/s, from the signing benchmark it ran before this one).
var rate = count / endToEnd;
double? signing = double.TryParse(Environment.GetEnvironmentVariable("CRED_BENCH_SIGNING_RATE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : null;
Credentials.Bench.BenchResult.Print(
    $"Ledger ingest, {count:#,0} events (first publish → last append)", Credentials.Bench.BenchResult.Rate(rate, "events/s"),
    signing is { } sr ? "signing " + Credentials.Bench.BenchResult.Rate(sr, "SOD/s") : "signing rate not measured in this run",
    signing is { } b ? rate / b : null, "≥ 5,000 events/s and ≥ 3 × signing",
    rate >= 5000 && (signing is not { } b2 || rate >= 3 * b2));
return 0;
