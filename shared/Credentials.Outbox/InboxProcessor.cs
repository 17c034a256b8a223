using Credentials.Storage.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Outbox;

/// <summary>
/// Idempotent event handling: records (consumer, event id) in <c>inbox_messages</c> and runs the handler in the
/// same transaction. An event already recorded is skipped; a handler that throws leaves no record, so the event
/// is handled again on redelivery. Concurrent deliveries of one event serialise on the primary key: the second
/// waits for the first to commit, then sees the conflict and skips.
/// </summary>
public sealed class InboxProcessor
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly string _insertSql;

    public InboxProcessor(NpgsqlDataSource dataSource, IOptions<OutboxOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource;
        _timeProvider = timeProvider;
        _insertSql =
            $"INSERT INTO {SchemaName.Quote(options.Value.Schema)}.inbox_messages (consumer, event_id, handled_at) "
            + "VALUES (@consumer, @eventId, @now) ON CONFLICT DO NOTHING";
    }

    /// <summary>Runs <paramref name="handler"/> unless <paramref name="consumer"/> already handled
    /// <paramref name="eventId"/>; true when it ran and committed.</summary>
    public async Task<bool> HandleOnceAsync(
        string consumer,
        Guid eventId,
        Func<InboxTransaction, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        ArgumentNullException.ThrowIfNull(handler);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(_insertSql, connection, transaction))
        {
            command.Parameters.AddWithValue("consumer", consumer);
            command.Parameters.AddWithValue("eventId", eventId);
            command.Parameters.AddWithValue("now", _timeProvider.GetUtcNow());
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }

        await handler(new InboxTransaction(connection, transaction), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
