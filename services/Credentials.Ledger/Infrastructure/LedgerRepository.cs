using System.Runtime.CompilerServices;
using Credentials.Contracts.Ledger.V1;
using Credentials.Ledger.Application;
using Credentials.Outbox;
using Credentials.Outbox.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Ledger.Infrastructure;

/// <summary>SQL of the ledger schema (explicit, parameterised). Appends serialise on a transaction advisory lock.</summary>
internal sealed class LedgerRepository : ILedgerStore
{
    /// <summary>Advisory lock key of the append path ("LEDGER" + 1).</summary>
    public const long AppendLockKey = 0x4C45_4447_4552_0001;

    internal const string EntryColumns =
        "sequence, event_id, event_type, aggregate_key, producer, occurred_at, envelope, previous_entry_hash, entry_hash, recorded_at";

    private readonly NpgsqlDataSource _dataSource;

    public LedgerRepository(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>
    /// Appends <paramref name="events"/> in order as the next entries and applies their status changes
    /// (<paramref name="changes"/>, same positions), in the inbox transaction: one advisory lock, one read of the head,
    /// the hashes chained in sequence, one multi-row insert and the status changes as multi-row upserts (<see cref="StatusRows"/>), in one round trip. Returns per
    /// position the new sequence, or null when an entry with that event id already exists (a replay under another
    /// consumer name) or the id came earlier in the batch.
    /// </summary>
    public static async Task<IReadOnlyList<long?>> AppendBatchAsync(
        InboxTransaction tx, IReadOnlyList<IncomingEvent> events, IReadOnlyList<StatusChange?> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count != events.Count)
        {
            throw new ArgumentException("One status change (or null) per event.", nameof(changes));
        }

        var (connection, transaction) = (tx.Connection, tx.Transaction);
        var sequences = new long?[events.Count];
        if (events.Count == 0)
        {
            return sequences;
        }

        long previousSequence = 0;
        var previousHash = LedgerHashChain.Genesis.ToArray();
        var present = new HashSet<Guid>();
        await using (var read = new NpgsqlBatch(connection, transaction))
        {
            var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@key)");
            lockCommand.Parameters.AddWithValue("key", AppendLockKey);
            read.BatchCommands.Add(lockCommand);
            read.BatchCommands.Add(new NpgsqlBatchCommand("SELECT sequence, entry_hash FROM entries ORDER BY sequence DESC LIMIT 1"));
            var existing = new NpgsqlBatchCommand("SELECT event_id FROM entries WHERE event_id = ANY(@eventIds)");
            existing.Parameters.AddWithValue("eventIds", events.Select(e => e.EventId).ToArray());
            read.BatchCommands.Add(existing);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                previousSequence = reader.GetInt64(0);
                previousHash = reader.GetFieldValue<byte[]>(1);
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                present.Add(reader.GetGuid(0));
            }
        }

        var rows = new EntryRows(events.Count);
        var statuses = new StatusRows();
        for (var i = 0; i < events.Count; i++)
        {
            var incoming = events[i];
            if (!present.Add(incoming.EventId))
            {
                continue;
            }

            // The chain runs in batch order: each entry's hash covers the one before it (docs/ledger.md).
            var sequence = previousSequence + 1;
            var entryHash = LedgerHashChain.ComputeEntryHash(previousHash, incoming.CanonicalBytes.Span);
            rows.Add(sequence, incoming, previousHash, entryHash, now);
            if (changes[i] is { } change)
            {
                statuses.Add(change, sequence);
            }

            sequences[i] = sequence;
            (previousSequence, previousHash) = (sequence, entryHash);
        }

        if (rows.Count == 0)
        {
            return sequences;
        }

        // Entries first: the status rows name the sequence they come from.
        await using var write = new NpgsqlBatch(connection, transaction);
        write.BatchCommands.Add(rows.ToInsert());
        foreach (var upsert in statuses.ToUpserts())
        {
            write.BatchCommands.Add(upsert);
        }

        await write.ExecuteNonQueryAsync(cancellationToken);
        return sequences;
    }

    public async Task<CredentialStatusRecord?> FindStatusAsync(CredentialKind kind, string credentialId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT kind, credential_id, security_object_sha256, issued_at, expires_at, revoked_at, revocation_reason, last_entry_sequence "
            + "FROM credential_status WHERE kind = @kind AND credential_id = @id");
        command.Parameters.AddWithValue("kind", LedgerStoredCodes.Code(kind));
        command.Parameters.AddWithValue("id", credentialId);
        return await ReadStatusAsync(command, cancellationToken);
    }

    /// <summary>The credential whose EF.SOD hashes to <paramref name="sha256Hex"/>; the eMRTD issuance before a DTC.</summary>
    public async Task<CredentialStatusRecord?> FindStatusBySecurityObjectAsync(string sha256Hex, CredentialKind? kind, CancellationToken cancellationToken)
    {
        // The eMRTD and the DTCs made from it share the SOD: without a kind, the eMRTD comes first, then the newest DTC.
        await using var command = _dataSource.CreateCommand(
            "SELECT kind, credential_id, security_object_sha256, issued_at, expires_at, revoked_at, revocation_reason, last_entry_sequence "
            + "FROM credential_status WHERE security_object_sha256 = @sod AND (@kind IS NULL OR kind = @kind) "
            + "ORDER BY (kind = '" + LedgerStoredCodes.Emrtd + "') DESC, last_entry_sequence DESC LIMIT 1");
        command.Parameters.AddWithValue("sod", sha256Hex);
        command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = kind is { } k ? LedgerStoredCodes.Code(k) : DBNull.Value });
        return await ReadStatusAsync(command, cancellationToken);
    }

    /// <summary>Entries after <paramref name="afterSequence"/> matching <paramref name="filter"/>, ascending, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<StoredEntry>> ListAsync(EntryFilter filter, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = _dataSource.CreateCommand(
            "SELECT " + EntryColumns + " FROM entries WHERE sequence > @after AND sequence >= @from "
            + "AND (cardinality(@types) = 0 OR event_type = ANY(@types)) "
            + "AND (@aggregate = '' OR aggregate_key = @aggregate) "
            + "AND (@producer = '' OR producer = @producer) "
            + "AND (@occurredAfter IS NULL OR occurred_at >= @occurredAfter) "
            + "AND (@occurredBefore IS NULL OR occurred_at < @occurredBefore) "
            + "ORDER BY sequence LIMIT @limit");
        command.Parameters.AddWithValue("after", afterSequence);
        command.Parameters.AddWithValue("from", filter.FromSequence);
        command.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.EventTypes.ToArray() });
        command.Parameters.AddWithValue("aggregate", filter.AggregateKey);
        command.Parameters.AddWithValue("producer", filter.Producer);
        command.Parameters.Add(new NpgsqlParameter("occurredAfter", NpgsqlDbType.TimestampTz) { Value = (object?)filter.OccurredAfter ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("occurredBefore", NpgsqlDbType.TimestampTz) { Value = (object?)filter.OccurredBefore ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        var entries = new List<StoredEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    /// <summary>Streams the entries of [from, to] (to = 0: to the head) in sequence order.</summary>
    public async IAsyncEnumerable<StoredEntry> StreamAsync(long fromSequence, long toSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT " + EntryColumns + " FROM entries WHERE sequence >= @from AND (@to = 0 OR sequence <= @to) ORDER BY sequence",
            connection,
            transaction);
        command.Parameters.AddWithValue("from", fromSequence);
        command.Parameters.AddWithValue("to", toSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEntry(reader);
        }
    }

    /// <summary>The newest entry's sequence and hash, or null when the ledger is empty.</summary>
    public async Task<(long Sequence, byte[] EntryHash)?> GetHeadAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT sequence, entry_hash FROM entries ORDER BY sequence DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    /// <summary>The stored entry_hash of one entry, or null.</summary>
    public async Task<byte[]?> GetEntryHashAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT entry_hash FROM entries WHERE sequence = @sequence");
        command.Parameters.AddWithValue("sequence", sequence);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<long> GetLastCheckpointSequenceAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT coalesce(max(sequence), 0) FROM checkpoints");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Stores a checkpoint; false when one for that sequence exists already (another instance signed it).</summary>
    public async Task<bool> InsertCheckpointAsync(CheckpointRecord checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO checkpoints (sequence, entry_hash, signed_at, key_label, payload, signature, object_key) "
            + "VALUES (@sequence, @hash, @signedAt, @label, @payload, @signature, @objectKey) ON CONFLICT (sequence) DO NOTHING");
        command.Parameters.AddWithValue("sequence", checkpoint.Sequence);
        command.Parameters.AddWithValue("hash", checkpoint.EntryHash);
        command.Parameters.AddWithValue("signedAt", checkpoint.SignedAt);
        command.Parameters.AddWithValue("label", checkpoint.KeyLabel);
        command.Parameters.AddWithValue("payload", checkpoint.Payload);
        command.Parameters.AddWithValue("signature", checkpoint.Signature);
        command.Parameters.AddWithValue("objectKey", checkpoint.ObjectKey);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<CheckpointRecord>> ListCheckpointsAsync(long fromSequence, long toSequence, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT sequence, entry_hash, signed_at, key_label, payload, signature, object_key FROM checkpoints "
            + "WHERE sequence >= @from AND (@to = 0 OR sequence <= @to) ORDER BY sequence");
        command.Parameters.AddWithValue("from", fromSequence);
        command.Parameters.AddWithValue("to", toSequence);
        var checkpoints = new List<CheckpointRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints.Add(new CheckpointRecord(
                reader.GetInt64(0),
                reader.GetFieldValue<byte[]>(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetString(3),
                reader.GetFieldValue<byte[]>(4),
                reader.GetFieldValue<byte[]>(5),
                reader.GetString(6)));
        }

        return checkpoints;
    }

    private static async Task<CredentialStatusRecord?> ReadStatusAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new CredentialStatusRecord(
            LedgerStoredCodes.CredentialKindOf(reader.GetString(0)),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.GetInt64(7));
    }

    private static StoredEntry ReadEntry(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        reader.GetFieldValue<byte[]>(6),
        reader.GetFieldValue<byte[]>(7),
        reader.GetFieldValue<byte[]>(8),
        reader.GetFieldValue<DateTimeOffset>(9));
}
