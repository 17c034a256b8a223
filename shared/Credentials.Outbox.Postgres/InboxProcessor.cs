using Credentials.Storage.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Outbox.Postgres;

/// <summary>
/// Idempotent event handling: records (consumer, event id) in <c>inbox_messages</c> and runs the handler in the
/// same transaction. An event already recorded is skipped; a handler that throws leaves no record, so the event
/// is handled again on redelivery. Concurrent deliveries of one event serialise on the primary key: the second
/// waits for the first to commit, then sees the conflict and skips. A batch of events is recorded with one
/// multi-row insert and handled in one transaction.
/// </summary>
public sealed class InboxProcessor : IInbox<InboxTransaction>
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
            + "SELECT @consumer, id, @now FROM unnest(@eventIds) WITH ORDINALITY AS t(id, n) ORDER BY n "
            + "ON CONFLICT DO NOTHING RETURNING event_id";
    }

    /// <summary>Runs <paramref name="handler"/> unless <paramref name="consumer"/> already handled
    /// <paramref name="eventId"/>; true when it ran and committed.</summary>
    public async Task<bool> HandleOnceAsync(
        string consumer,
        Guid eventId,
        Func<InboxTransaction, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var handled = await HandleBatchOnceAsync(consumer, [eventId], (_, tx, ct) => handler(tx, ct), cancellationToken);
        return handled.Count == 1;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<int>> HandleBatchOnceAsync(
        string consumer,
        IReadOnlyList<Guid> eventIds,
        Func<IReadOnlyList<int>, InboxTransaction, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        ArgumentNullException.ThrowIfNull(eventIds);
        ArgumentNullException.ThrowIfNull(handler);
        if (eventIds.Count == 0)
        {
            return [];
        }

        // Rows go in sorted by id, so two transactions inserting overlapping batches wait on each other instead of
        // deadlocking.
        var distinct = eventIds.Distinct().Order().ToArray();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var recorded = new HashSet<Guid>();
        await using (var command = new NpgsqlCommand(_insertSql, connection, transaction))
        {
            command.Parameters.AddWithValue("consumer", consumer);
            command.Parameters.AddWithValue("eventIds", distinct);
            command.Parameters.AddWithValue("now", _timeProvider.GetUtcNow());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded.Add(reader.GetGuid(0));
            }
        }

        if (recorded.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return [];
        }

        var positions = new List<int>(recorded.Count);
        for (var i = 0; i < eventIds.Count; i++)
        {
            // Remove: only the first position of an id repeated within the batch is handled.
            if (recorded.Remove(eventIds[i]))
            {
                positions.Add(i);
            }
        }

        await handler(positions, new InboxTransaction(connection, transaction), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return positions;
    }
}
