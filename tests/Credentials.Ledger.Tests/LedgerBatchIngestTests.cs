using Credentials.Contracts.Events.V1;
using Credentials.Ledger.Application;
using Credentials.Ledger.Infrastructure;
using Credentials.Outbox;
using Credentials.Outbox.Postgres;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using MsOptions = Microsoft.Extensions.Options.Options;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Credentials.Ledger.Tests;

/// <summary>
/// Batched ingest (issue 18 item 1) against the real PostgreSQL, in a schema of the test's own with the ledger and
/// inbox migrations applied: a batch goes through the inbox and the ingest handler exactly as the consumer hands it
/// over (one transaction), and the stored chain is then re-verified entry by entry. Needs the local stack
/// (<c>scripts/infra up</c>, <c>source .run/stack.env</c>); skips without it unless <c>CRED_REQUIRE_STACK=1</c>.
/// </summary>
public sealed class LedgerBatchIngestTests
{
    private const string Topic = "credentials.document-signer.v1.events";

    [Fact]
    public async Task HandleBatchAsync_DuplicateInsideBatch_AppendedOnceInBatchOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ledger = await TestLedger.CreateAsync(ct);
        var (a, b, c) = (Issued(), Issued(), Issued());

        var handled = await ledger.HandleAsync("ledger", Consumed(0, a, b, a, c), ct);

        Assert.Equal(new[] { 0, 1, 3 }, handled);
        var entries = await ledger.ReadChainAsync(ct);
        Assert.Equal(new[] { a.EventId, b.EventId, c.EventId }, entries.Select(e => e.EventId.ToString("D")));
    }

    [Fact]
    public async Task HandleBatchAsync_RedeliveredAfterCrashBeforeOffsetCommit_OnlyNewEventsAppendedAfterTheOld()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ledger = await TestLedger.CreateAsync(ct);
        var events = Enumerable.Range(0, 8).Select(_ => Issued()).ToArray();
        var first = Consumed(0, events[..5]);
        Assert.Equal(5, (await ledger.HandleAsync("ledger", first, ct)).Count);

        // The database committed, the offsets did not: Kafka hands the same records over again, alone or followed by
        // new ones in the next batch.
        Assert.Empty(await ledger.HandleAsync("ledger", first, ct));
        var redelivered = first.Skip(2).Concat(Consumed(5, events[5..])).ToList();
        Assert.Equal(new[] { 3, 4, 5 }, await ledger.HandleAsync("ledger", redelivered, ct));

        var entries = await ledger.ReadChainAsync(ct);
        Assert.Equal(events.Select(e => e.EventId), entries.Select(e => e.EventId.ToString("D")));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), entries.Select(e => e.Sequence));
    }

    [Fact]
    public async Task HandleBatchAsync_ReplayUnderAnotherConsumerName_NoEntryAppendedTwice()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ledger = await TestLedger.CreateAsync(ct);
        var events = Enumerable.Range(0, 6).Select(_ => Issued()).ToArray();
        await ledger.HandleAsync("ledger", Consumed(0, events[..4]), ct);

        // A new consumer name passes the inbox; the entries' event ids still keep the chain free of repeats.
        var replay = await ledger.HandleAsync("ledger-replay", Consumed(0, events), ct);

        Assert.Equal(6, replay.Count);
        var entries = await ledger.ReadChainAsync(ct);
        Assert.Equal(events.Select(e => e.EventId), entries.Select(e => e.EventId.ToString("D")));
    }

    [Fact]
    public async Task HandleBatchAsync_SeveralBatchesWithStatusChanges_ChainAndStatusFollowConsumptionOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ledger = await TestLedger.CreateAsync(ct);
        var all = new List<EventEnvelope>();
        for (var batch = 0; batch < 3; batch++)
        {
            var envelopes = new List<EventEnvelope>();
            for (var i = 0; i < 40; i++)
            {
                var issued = Issued();
                envelopes.Add(issued);
                if (i % 4 == 0)
                {
                    envelopes.Add(Revoked(issued.AggregateKey));
                }
            }

            await ledger.HandleAsync("ledger", Consumed(all.Count, [.. envelopes]), ct);
            all.AddRange(envelopes);
        }

        var entries = await ledger.ReadChainAsync(ct);
        Assert.Equal(all.Select(e => e.EventId), entries.Select(e => e.EventId.ToString("D")));
        var revoked = all.Where(e => e.EventType == "credential.revoked").Select(e => e.AggregateKey).ToHashSet();
        var statuses = await ledger.ReadStatusesAsync(ct);
        Assert.Equal(all.Count(e => e.EventType == "credential.issued"), statuses.Count);
        foreach (var (credentialId, isRevoked, lastSequence) in statuses)
        {
            Assert.Equal(revoked.Contains(credentialId), isRevoked);
            var last = entries.Last(e => all.Single(x => x.EventId == e.EventId.ToString("D")).AggregateKey == credentialId);
            Assert.Equal(last.Sequence, lastSequence);
        }
    }

    [Fact]
    public async Task HandleBatchAsync_OneCredentialChangedThreeTimesInOneBatch_StatusAsIfAppliedOneByOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ledger = await TestLedger.CreateAsync(ct);
        var other = Issued();
        var issued = Issued();
        var id = issued.AggregateKey;
        // The revocation overtook the issuance (another topic); a second revocation with another reason comes last.
        var (lost, stolen) = (Revoked(id, "LOST", new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc)), Revoked(id, "STOLEN", new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc)));

        await ledger.HandleAsync("ledger", Consumed(0, lost, other, issued, stolen), ct);

        var status = Assert.NotNull(await ledger.ReadStatusAsync(id, ct));
        Assert.True(status.IssuedAt.HasValue);
        Assert.Equal(lost.Payload.Unpack<CredentialRevoked>().RevokedAt.ToDateTimeOffset(), status.RevokedAt);
        Assert.Equal("LOST", status.Reason);
        Assert.Equal(4, status.LastSequence);
        Assert.Equal(2, (await ledger.ReadStatusesAsync(ct)).Count);
    }

    [Fact]
    public async Task HandleBatchAsync_InvalidEnvelopeInsideBatch_SkippedAndTheOthersChained()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ledger = await TestLedger.CreateAsync(ct);
        var (a, b) = (Issued(), Issued());
        var batch = Consumed(0, a, b);
        var garbage = new ConsumedEvent(Guid.NewGuid(), "credential.issued", Topic, 0, 99, "x", new byte[] { 0xFF, 0x01 }, new Dictionary<string, string>());
        batch.Insert(1, garbage);

        var handled = await ledger.HandleAsync("ledger", batch, ct);

        // The inbox records the rejected record too (it is not retried); the chain holds only the valid two.
        Assert.Equal(3, handled.Count);
        var entries = await ledger.ReadChainAsync(ct);
        Assert.Equal(new[] { a.EventId, b.EventId }, entries.Select(e => e.EventId.ToString("D")));
    }

    private static EventEnvelope Issued()
    {
        var id = Guid.NewGuid().ToString("D");
        return Envelope("credential.issued", id, new CredentialIssued
        {
            CredentialId = id,
            DocumentType = "P",
            IssuedAt = Timestamp.FromDateTime(DateTime.UtcNow),
            DocumentExpiresAt = Timestamp.FromDateTime(DateTime.UtcNow.AddYears(10)),
        });
    }

    private static EventEnvelope Revoked(string credentialId) => Revoked(credentialId, "LOST", DateTime.UtcNow);

    private static EventEnvelope Revoked(string credentialId, string reason, DateTime revokedAt) =>
        Envelope("credential.revoked", credentialId, new CredentialRevoked { CredentialId = credentialId, RevokedAt = Timestamp.FromDateTime(revokedAt), Reason = reason });

    private static EventEnvelope Envelope(string eventType, string aggregateKey, IMessage payload) => new()
    {
        EventId = Guid.NewGuid().ToString("D"),
        EventType = eventType,
        AggregateKey = aggregateKey,
        OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
        Producer = "tests",
        SchemaVersion = 1,
        Payload = Any.Pack(payload),
    };

    /// <summary>The records Kafka would hand over for <paramref name="envelopes"/>, at consecutive offsets from <paramref name="firstOffset"/>.</summary>
    private static List<ConsumedEvent> Consumed(int firstOffset, params EventEnvelope[] envelopes) =>
        envelopes.Select((e, i) => new ConsumedEvent(
            Guid.ParseExact(e.EventId, "D"), e.EventType, Topic, 0, firstOffset + i, e.AggregateKey, e.ToByteArray(), new Dictionary<string, string>())).ToList();

    private sealed record ChainEntry(long Sequence, Guid EventId);

    /// <summary>A schema of the test's own with the ledger and inbox migrations applied; dropped at the end.</summary>
    private sealed class TestLedger : IAsyncDisposable
    {
        private readonly NpgsqlDataSource _dataSource;
        private readonly string _schema;
        private readonly InboxProcessor _inbox;
        private readonly LedgerIngestHandler _handler = new(TimeProvider.System, NullLogger<LedgerIngestHandler>.Instance);

        private TestLedger(NpgsqlDataSource dataSource, string schema)
        {
            _dataSource = dataSource;
            _schema = schema;
            _inbox = new InboxProcessor(dataSource, MsOptions.Create(new OutboxOptions { Schema = schema }), TimeProvider.System);
        }

        public static async Task<TestLedger> CreateAsync(CancellationToken ct)
        {
            var connection = Environment.GetEnvironmentVariable("CRED_PG_CONNECTION");
            if (string.IsNullOrEmpty(connection))
            {
                const string message = "local stack not running: run scripts/infra up and source .run/stack.env";
                Assert.False(Environment.GetEnvironmentVariable("CRED_REQUIRE_STACK") == "1", message);
                Assert.Skip(message);
            }

            var schema = "it_ledger_" + Guid.NewGuid().ToString("N")[..12];
            var dataSource = PostgresServiceCollectionExtensions.CreateDataSource(new PostgresOptions { ConnectionString = connection!, Schema = schema }, null);
            var runner = new MigrationRunner(dataSource, TimeProvider.System, NullLogger<MigrationRunner>.Instance);
            await runner.MigrateAsync(
                schema, [EmbeddedMigrations.Load(typeof(LedgerMigrationStep).Assembly, LedgerMigrationStep.SourceName), OutboxSchema.Migrations], ct);
            return new TestLedger(dataSource, schema);
        }

        /// <summary>Hands <paramref name="batch"/> to the inbox and the ingest handler as the consumer does; the positions handled.</summary>
        public Task<IReadOnlyList<int>> HandleAsync(string consumer, List<ConsumedEvent> batch, CancellationToken ct) =>
            _inbox.HandleBatchOnceAsync(
                consumer, batch.ConvertAll(e => e.EventId), (positions, tx, token) => _handler.HandleBatchAsync(positions.Select(p => batch[p]).ToList(), new InboxLedgerAppender(tx), token), ct);

        /// <summary>Every entry in sequence order, after checking that sequences run 1..n without a gap and each hash
        /// chains from the one before (SHA-256(previous || envelope)).</summary>
        public async Task<List<ChainEntry>> ReadChainAsync(CancellationToken ct)
        {
            var entries = new List<ChainEntry>();
            var previous = LedgerHashChain.Genesis.ToArray();
            await using var command = _dataSource.CreateCommand("SELECT sequence, event_id, envelope, previous_entry_hash, entry_hash FROM entries ORDER BY sequence");
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var sequence = reader.GetInt64(0);
                Assert.Equal(entries.Count + 1, sequence);
                Assert.Equal(previous, reader.GetFieldValue<byte[]>(3));
                var hash = reader.GetFieldValue<byte[]>(4);
                Assert.True(LedgerHashChain.Verify(previous, reader.GetFieldValue<byte[]>(2), hash), $"entry {sequence} does not chain");
                entries.Add(new ChainEntry(sequence, reader.GetGuid(1)));
                previous = hash;
            }

            return entries;
        }

        public async Task<List<(string CredentialId, bool Revoked, long LastSequence)>> ReadStatusesAsync(CancellationToken ct)
        {
            var rows = new List<(string, bool, long)>();
            await using var command = _dataSource.CreateCommand("SELECT credential_id, revoked_at IS NOT NULL, last_entry_sequence FROM credential_status");
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), reader.GetBoolean(1), reader.GetInt64(2)));
            }

            return rows;
        }

        public async Task<(DateTimeOffset? IssuedAt, DateTimeOffset? RevokedAt, string? Reason, long LastSequence)?> ReadStatusAsync(string credentialId, CancellationToken ct)
        {
            await using var command = _dataSource.CreateCommand("SELECT issued_at, revoked_at, revocation_reason, last_entry_sequence FROM credential_status WHERE credential_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = credentialId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            return (
                reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0),
                reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt64(3));
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                await _dataSource.DisposeAsync();
            }
        }
    }
}
