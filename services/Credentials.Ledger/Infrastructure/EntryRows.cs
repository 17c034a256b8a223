using Credentials.Ledger.Application;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Ledger.Infrastructure;

/// <summary>
/// The entries of one append batch, column by column, inserted with one statement (<c>INSERT … SELECT FROM
/// unnest(…)</c>): one round trip and one plan for the whole batch, whatever its size.
/// </summary>
internal sealed class EntryRows
{
    private readonly List<long> _sequences;
    private readonly List<Guid> _eventIds;
    private readonly List<string> _eventTypes;
    private readonly List<string> _aggregateKeys;
    private readonly List<string> _producers;
    private readonly List<DateTimeOffset?> _occurredAt;
    private readonly List<byte[]> _envelopes;
    private readonly List<byte[]> _previousHashes;
    private readonly List<byte[]> _entryHashes;
    private readonly List<DateTimeOffset> _recordedAt;
    private readonly List<string> _topics;
    private readonly List<int> _partitions;
    private readonly List<long> _offsets;

    public EntryRows(int capacity)
    {
        _sequences = new(capacity);
        _eventIds = new(capacity);
        _eventTypes = new(capacity);
        _aggregateKeys = new(capacity);
        _producers = new(capacity);
        _occurredAt = new(capacity);
        _envelopes = new(capacity);
        _previousHashes = new(capacity);
        _entryHashes = new(capacity);
        _recordedAt = new(capacity);
        _topics = new(capacity);
        _partitions = new(capacity);
        _offsets = new(capacity);
    }

    public int Count => _sequences.Count;

    public void Add(long sequence, IncomingEvent incoming, byte[] previousHash, byte[] entryHash, DateTimeOffset recordedAt)
    {
        var envelope = incoming.Envelope;
        _sequences.Add(sequence);
        _eventIds.Add(incoming.EventId);
        _eventTypes.Add(envelope.EventType);
        _aggregateKeys.Add(envelope.AggregateKey);
        _producers.Add(envelope.Producer);
        _occurredAt.Add(envelope.OccurredAt?.ToDateTimeOffset());
        _envelopes.Add(incoming.CanonicalBytes.ToArray());
        _previousHashes.Add(previousHash);
        _entryHashes.Add(entryHash);
        _recordedAt.Add(recordedAt);
        _topics.Add(incoming.SourceTopic);
        _partitions.Add(incoming.SourcePartition);
        _offsets.Add(incoming.SourceOffset);
    }

    public NpgsqlBatchCommand ToInsert()
    {
        var command = new NpgsqlBatchCommand(
            "INSERT INTO entries (" + LedgerRepository.EntryColumns + ", source_topic, source_partition, source_offset) "
            + "SELECT * FROM unnest(@sequence, @eventId, @eventType, @aggregateKey, @producer, @occurredAt, @envelope, "
            + "@previous, @hash, @recordedAt, @topic, @partition, @offset)");
        command.Parameters.Add(new NpgsqlParameter("sequence", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = _sequences });
        command.Parameters.Add(new NpgsqlParameter("eventId", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = _eventIds });
        command.Parameters.Add(new NpgsqlParameter("eventType", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _eventTypes });
        command.Parameters.Add(new NpgsqlParameter("aggregateKey", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _aggregateKeys });
        command.Parameters.Add(new NpgsqlParameter("producer", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _producers });
        command.Parameters.Add(new NpgsqlParameter("occurredAt", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = _occurredAt });
        command.Parameters.Add(new NpgsqlParameter("envelope", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = _envelopes });
        command.Parameters.Add(new NpgsqlParameter("previous", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = _previousHashes });
        command.Parameters.Add(new NpgsqlParameter("hash", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = _entryHashes });
        command.Parameters.Add(new NpgsqlParameter("recordedAt", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = _recordedAt });
        command.Parameters.Add(new NpgsqlParameter("topic", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _topics });
        command.Parameters.Add(new NpgsqlParameter("partition", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = _partitions });
        command.Parameters.Add(new NpgsqlParameter("offset", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = _offsets });
        return command;
    }
}
