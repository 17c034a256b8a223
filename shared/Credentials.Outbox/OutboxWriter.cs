using System.Diagnostics;
using System.Text.Json;
using Credentials.Storage.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Outbox;

/// <summary>
/// Writes outbox rows inside the caller's transaction and queues a <c>pg_notify</c> that PostgreSQL delivers only
/// when that transaction commits; a rollback discards both.
/// </summary>
public sealed class OutboxWriter
{
    private readonly TimeProvider _timeProvider;
    private readonly string _schema;
    private readonly string _insertSql;

    public OutboxWriter(IOptions<OutboxOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider;
        _schema = options.Value.Schema;
        var table = SchemaName.Quote(_schema) + ".outbox_messages";
        _insertSql =
            $"INSERT INTO {table} (event_id, event_type, topic, aggregate_key, payload, headers, created_at, next_attempt_at) "
            + "VALUES (@eventId, @eventType, @topic, @aggregateKey, @payload, @headers, @now, @now);"
            + $"SELECT pg_notify('{OutboxSchema.NotificationChannel}', @schema);";
    }

    /// <summary>Adds <paramref name="message"/> to the outbox in <paramref name="transaction"/>.</summary>
    public async Task EnqueueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.EventType);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Topic);
        ArgumentException.ThrowIfNullOrEmpty(message.AggregateKey);
        if (message.EventId == Guid.Empty)
        {
            throw new ArgumentException("An event needs a non-empty id.", nameof(message));
        }

        var headers = new Dictionary<string, string>(message.Headers, StringComparer.Ordinal);
        if (!headers.ContainsKey(OutboxHeaders.TraceParent) && Activity.Current is { } activity
            && activity.IdFormat == ActivityIdFormat.W3C)
        {
            headers[OutboxHeaders.TraceParent] = activity.Id!;
        }

        await using var command = new NpgsqlCommand(_insertSql, connection, transaction);
        command.Parameters.AddWithValue("eventId", message.EventId);
        command.Parameters.AddWithValue("eventType", message.EventType);
        command.Parameters.AddWithValue("topic", message.Topic);
        command.Parameters.AddWithValue("aggregateKey", message.AggregateKey);
        command.Parameters.AddWithValue("payload", NpgsqlDbType.Bytea, message.Payload.ToArray());
        command.Parameters.AddWithValue("headers", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(headers));
        command.Parameters.AddWithValue("now", _timeProvider.GetUtcNow());
        command.Parameters.AddWithValue("schema", _schema);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
