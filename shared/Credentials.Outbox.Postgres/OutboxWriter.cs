using System.Diagnostics;
using System.Text.Json;
using Credentials.Storage.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Outbox.Postgres;

/// <summary>
/// Writes outbox rows inside the caller's transaction and queues a <c>pg_notify</c> that PostgreSQL delivers only
/// when that transaction commits; a rollback discards both.
/// </summary>
public sealed class OutboxWriter
{
    private readonly TimeProvider _timeProvider;
    private readonly string _schema;
    private readonly string _channel;
    private readonly string _insertSql;
    private readonly string _insertManySql;

    public OutboxWriter(IOptions<OutboxOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider;
        _schema = options.Value.Schema;
        _channel = OutboxSchema.NotificationChannelOf(_schema);
        var table = SchemaName.Quote(_schema) + ".outbox_messages";
        _insertSql =
            $"INSERT INTO {table} (event_id, event_type, topic, aggregate_key, payload, headers, created_at, next_attempt_at) "
            + "VALUES (@eventId, @eventType, @topic, @aggregateKey, @payload, @headers, @now, @now);"
            + "SELECT pg_notify(@channel, @schema);";
        // One statement (the insert as a data-modifying WITH, then the notification), so that it can also travel as one
        // command of a caller's batch (CreateEnqueueManyCommand).
        _insertManySql =
            $"WITH inserted AS (INSERT INTO {table} (event_id, event_type, topic, aggregate_key, payload, headers, created_at, next_attempt_at) "
            + "SELECT e.event_id, e.event_type, e.topic, e.aggregate_key, e.payload, e.headers::jsonb, @now, @now "
            + "FROM unnest(@eventIds, @eventTypes, @topics, @aggregateKeys, @payloads, @headers) WITH ORDINALITY "
            + "AS e(event_id, event_type, topic, aggregate_key, payload, headers, position) ORDER BY e.position) "
            + "SELECT pg_notify(@channel, @schema)";
    }

    /// <summary>Adds <paramref name="message"/> to the outbox in <paramref name="transaction"/>.</summary>
    public async Task EnqueueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        Check(message);
        await using var command = new NpgsqlCommand(_insertSql, connection, transaction);
        command.Parameters.AddWithValue("eventId", message.EventId);
        command.Parameters.AddWithValue("eventType", message.EventType);
        command.Parameters.AddWithValue("topic", message.Topic);
        command.Parameters.AddWithValue("aggregateKey", message.AggregateKey);
        command.Parameters.AddWithValue("payload", NpgsqlDbType.Bytea, message.Payload.ToArray());
        command.Parameters.AddWithValue("headers", NpgsqlDbType.Jsonb, Headers(message));
        command.Parameters.AddWithValue("now", _timeProvider.GetUtcNow());
        command.Parameters.AddWithValue("schema", _schema);
        command.Parameters.AddWithValue("channel", _channel);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Adds <paramref name="messages"/> to the outbox in <paramref name="transaction"/> with one statement and one
    /// notification (a group commit); their outbox order is the order given.
    /// </summary>
    public async Task EnqueueManyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(_insertManySql, connection, transaction);
        AddEnqueueManyParameters(command.Parameters, messages);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The statement of <see cref="EnqueueManyAsync"/> as a batch command, for a caller that sends it in one
    /// <see cref="NpgsqlBatch"/> with its own statements (one round trip) in its transaction.
    /// </summary>
    public NpgsqlBatchCommand CreateEnqueueManyCommand(IReadOnlyList<OutboxMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            throw new ArgumentException("At least one message is required.", nameof(messages));
        }

        var command = new NpgsqlBatchCommand(_insertManySql);
        AddEnqueueManyParameters(command.Parameters, messages);
        return command;
    }

    private void AddEnqueueManyParameters(NpgsqlParameterCollection parameters, IReadOnlyList<OutboxMessage> messages)
    {
        var eventIds = new Guid[messages.Count];
        var eventTypes = new string[messages.Count];
        var topics = new string[messages.Count];
        var aggregateKeys = new string[messages.Count];
        var payloads = new byte[messages.Count][];
        var headers = new string[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            Check(message);
            eventIds[i] = message.EventId;
            eventTypes[i] = message.EventType;
            topics[i] = message.Topic;
            aggregateKeys[i] = message.AggregateKey;
            payloads[i] = message.Payload.ToArray();
            headers[i] = Headers(message);
        }

        parameters.AddWithValue("eventIds", eventIds);
        parameters.AddWithValue("eventTypes", eventTypes);
        parameters.AddWithValue("topics", topics);
        parameters.AddWithValue("aggregateKeys", aggregateKeys);
        parameters.AddWithValue("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea, payloads);
        parameters.AddWithValue("headers", NpgsqlDbType.Array | NpgsqlDbType.Text, headers);
        parameters.AddWithValue("now", _timeProvider.GetUtcNow());
        parameters.AddWithValue("schema", _schema);
        parameters.AddWithValue("channel", _channel);
    }

    private static void Check(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.EventType);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Topic);
        ArgumentException.ThrowIfNullOrEmpty(message.AggregateKey);
        if (message.EventId == Guid.Empty)
        {
            throw new ArgumentException("An event needs a non-empty id.", nameof(message));
        }
    }

    private static string Headers(OutboxMessage message)
    {
        var headers = new Dictionary<string, string>(message.Headers, StringComparer.Ordinal);
        if (!headers.ContainsKey(OutboxHeaders.TraceParent) && Activity.Current is { } activity
            && activity.IdFormat == ActivityIdFormat.W3C)
        {
            headers[OutboxHeaders.TraceParent] = activity.Id!;
        }

        return JsonSerializer.Serialize(headers);
    }
}
