using System.Text.Json;
using Credentials.Storage.Migrations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Outbox.Postgres;

/// <summary>
/// Publishes committed outbox rows. Each batch runs in one transaction that claims up to
/// <see cref="OutboxOptions.BatchSize"/> due rows with <c>FOR UPDATE SKIP LOCKED</c>, publishes them, marks the
/// acknowledged ones sent, and backs off (or dead-letters) the failed ones; the claim is held while publishing, so
/// a relay that dies mid-batch leaves its rows unsent for the next one (at-least-once; consumers deduplicate).
/// Order per aggregate key: a claimed row is held back while an earlier unsent row of the same key exists outside
/// the batch (claimed by another relay, or waiting for its back-off). The relay wakes on <c>LISTEN</c> on its schema's
/// own channel (<see cref="OutboxSchema.NotificationChannelOf"/>) and polls as a fallback (which also picks up rows of a
/// writer that predates per-schema channels and notifies the shared one). Once caught up, it starts passes at most
/// every <see cref="OutboxOptions.MinPassInterval"/>, so a steady stream of commits is published in batches.
/// </summary>
public sealed partial class OutboxRelay : BackgroundService
{
    private const int MaxErrorLength = 1000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IEventPublisher _publisher;
    private readonly OutboxOptions _options;
    private readonly OutboxMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxRelay> _logger;
    private readonly AsyncSignal _signal = new();
    private readonly string _schema;
    private readonly string _claimSql;
    private readonly string _blockedSql;
    private readonly string _markSentSql;
    private readonly string _retrySql;
    private readonly string _deadLetterSql;
    private readonly string _backlogSql;
    private readonly string _cleanupSql;
    private DateTimeOffset _nextMaintenance;

    public OutboxRelay(
        NpgsqlDataSource dataSource,
        IEventPublisher publisher,
        IOptions<OutboxOptions> options,
        OutboxMetrics metrics,
        TimeProvider timeProvider,
        ILogger<OutboxRelay> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource;
        _publisher = publisher;
        _options = options.Value;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _schema = _options.Schema;
        var outbox = SchemaName.Quote(_schema) + ".outbox_messages";
        var deadLetters = SchemaName.Quote(_schema) + ".outbox_dead_letters";
        _claimSql =
            $"SELECT id, event_id, event_type, topic, aggregate_key, payload, headers::text, created_at, attempts FROM {outbox} "
            + "WHERE sent_at IS NULL AND next_attempt_at <= @now ORDER BY id LIMIT @limit FOR UPDATE SKIP LOCKED";
        _blockedSql =
            $"SELECT aggregate_key, min(id) FROM {outbox} "
            + "WHERE sent_at IS NULL AND aggregate_key = ANY(@keys) AND id < @maxId AND NOT (id = ANY(@ids)) GROUP BY aggregate_key";
        _markSentSql = $"UPDATE {outbox} SET sent_at = @now, last_error = NULL WHERE id = ANY(@ids)";
        _retrySql =
            $"UPDATE {outbox} SET attempts = attempts + 1, next_attempt_at = @nextAttempt, last_error = @error WHERE id = @id";
        _deadLetterSql =
            $"WITH moved AS (DELETE FROM {outbox} WHERE id = @id RETURNING *) "
            + $"INSERT INTO {deadLetters} (id, event_id, event_type, topic, aggregate_key, payload, headers, created_at, attempts, last_error, dead_lettered_at) "
            + "SELECT id, event_id, event_type, topic, aggregate_key, payload, headers, created_at, attempts + 1, @error, @now FROM moved";
        _backlogSql = $"SELECT count(*), min(created_at) FROM {outbox} WHERE sent_at IS NULL";
        _cleanupSql = $"DELETE FROM {outbox} WHERE sent_at IS NOT NULL AND sent_at < @cutoff";
    }

    /// <summary>Wakes the relay (as a notification would).</summary>
    public void Wake() => _signal.Set();

    public override void Dispose()
    {
        base.Dispose();
        _signal.Dispose();
    }

    /// <summary>Claims, publishes and settles one batch; returns how many rows were claimed.</summary>
    internal async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = await ClaimAsync(connection, transaction, now, cancellationToken);
        if (claimed.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        var publishable = await HoldBackBlockedAsync(connection, transaction, claimed, cancellationToken);
        if (publishable.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return claimed.Count;
        }

        var outcomes = await _publisher.PublishAsync(publishable, cancellationToken);
        if (outcomes.Count != publishable.Count)
        {
            throw new InvalidOperationException("The publisher returned a different number of outcomes than records.");
        }

        // Settle with the time after publishing, so back-off starts from the failure.
        var settledAt = _timeProvider.GetUtcNow();
        var sent = new List<long>(publishable.Count);
        var failed = 0;
        var deadLettered = 0;
        for (var i = 0; i < publishable.Count; i++)
        {
            var record = publishable[i];
            if (outcomes[i].Succeeded)
            {
                sent.Add(record.Id);
                continue;
            }

            failed++;
            var error = Truncate(outcomes[i].Error ?? "unknown error");
            var attempts = record.Attempts + 1;
            if (attempts >= _options.MaxAttempts)
            {
                await using var command = new NpgsqlCommand(_deadLetterSql, connection, transaction);
                command.Parameters.AddWithValue("id", record.Id);
                command.Parameters.AddWithValue("error", error);
                command.Parameters.AddWithValue("now", settledAt);
                await command.ExecuteNonQueryAsync(cancellationToken);
                deadLettered++;
                LogDeadLettered(_schema, record.Message.EventId, record.Message.EventType, attempts);
            }
            else
            {
                await using var command = new NpgsqlCommand(_retrySql, connection, transaction);
                command.Parameters.AddWithValue("id", record.Id);
                command.Parameters.AddWithValue("error", error);
                command.Parameters.AddWithValue(
                    "nextAttempt",
                    settledAt + OutboxBackoff.Compute(attempts, _options.InitialBackoff, _options.MaxBackoff));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (sent.Count > 0)
        {
            await using var command = new NpgsqlCommand(_markSentSql, connection, transaction);
            command.Parameters.AddWithValue("ids", sent.ToArray());
            command.Parameters.AddWithValue("now", settledAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        _metrics.Published(_schema, sent.Count);
        if (failed > 0)
        {
            _metrics.Failed(_schema, failed);
            LogPublishFailed(_schema, failed, publishable.Count, outcomes.First(o => !o.Succeeded).Error ?? "unknown error");
        }

        if (deadLettered > 0)
        {
            _metrics.DeadLettered(_schema, deadLettered);
        }

        return claimed.Count;
    }

    /// <summary>Refreshes the backlog gauges and deletes old sent rows.</summary>
    internal async Task MaintainAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(_backlogSql, connection))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var pending = reader.GetInt64(0);
            var lag = reader.IsDBNull(1) ? 0 : Math.Max(0, (now - reader.GetFieldValue<DateTimeOffset>(1)).TotalSeconds);
            _metrics.SetBacklog(_schema, pending, lag);
        }

        await using (var command = new NpgsqlCommand(_cleanupSql, connection))
        {
            command.Parameters.AddWithValue("cutoff", now - _options.SentRetention);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(_schema);
        var listening = ListenAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var claimed = 0;
                var passStarted = _timeProvider.GetTimestamp();
                try
                {
                    claimed = await ProcessBatchAsync(stoppingToken);
                    if (_timeProvider.GetUtcNow() >= _nextMaintenance)
                    {
                        await MaintainAsync(stoppingToken);
                        _nextMaintenance = _timeProvider.GetUtcNow() + _options.MetricsInterval;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException
                    || !stoppingToken.IsCancellationRequested)
                {
                    LogBatchFailed(_schema, exception);
                }

                if (claimed < _options.BatchSize)
                {
                    await _signal.WaitAsync(_options.PollInterval, _timeProvider, stoppingToken);

                    // Caught up: let the rows of a steady stream of commits gather (OutboxOptions.MinPassInterval).
                    var gather = _options.MinPassInterval - _timeProvider.GetElapsedTime(passStarted);
                    if (gather > TimeSpan.Zero)
                    {
                        await Task.Delay(gather, _timeProvider, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: an unfinished batch was rolled back and stays unsent.
        }
        finally
        {
            await listening;
            LogStopped(_schema);
        }
    }

    private static string Truncate(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];

    private async Task<List<OutboxRecord>> ClaimAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimed = new List<OutboxRecord>();
        await using var command = new NpgsqlCommand(_claimSql, connection, transaction);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("limit", _options.BatchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(6))
                ?? new Dictionary<string, string>();
            var message = new OutboxMessage
            {
                EventId = reader.GetGuid(1),
                EventType = reader.GetString(2),
                Topic = reader.GetString(3),
                AggregateKey = reader.GetString(4),
                Payload = reader.GetFieldValue<byte[]>(5),
                Headers = headers,
            };
            claimed.Add(new OutboxRecord(reader.GetInt64(0), message, reader.GetFieldValue<DateTimeOffset>(7), reader.GetInt32(8)));
        }

        return claimed;
    }

    /// <summary>Keeps, per aggregate key, only the claimed rows before the first earlier-or-interleaved unsent row
    /// of that key that this batch does not hold.</summary>
    private async Task<List<OutboxRecord>> HoldBackBlockedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<OutboxRecord> claimed, CancellationToken cancellationToken)
    {
        var blockedFrom = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(_blockedSql, connection, transaction))
        {
            command.Parameters.AddWithValue("keys", claimed.Select(r => r.Message.AggregateKey).Distinct(StringComparer.Ordinal).ToArray());
            command.Parameters.AddWithValue("maxId", claimed[^1].Id);
            command.Parameters.AddWithValue("ids", claimed.Select(r => r.Id).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                blockedFrom[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        if (blockedFrom.Count == 0)
        {
            return claimed;
        }

        return claimed
            .Where(r => !blockedFrom.TryGetValue(r.Message.AggregateKey, out var from) || r.Id < from)
            .ToList();
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, args) =>
                {
                    if (string.Equals(args.Payload, _schema, StringComparison.Ordinal))
                    {
                        _signal.Set();
                    }
                };
                await using (var command = new NpgsqlCommand($"LISTEN {SchemaName.Quote(OutboxSchema.NotificationChannelOf(_schema))}", connection))
                {
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }

                // Anything committed while not listening is picked up now.
                _signal.Set();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or IOException)
            {
                LogListenFailed(_schema, exception);
                try
                {
                    await Task.Delay(_options.ListenReconnectDelay, _timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Outbox relay for schema {Schema} started")]
    private partial void LogStarted(string schema);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Outbox relay for schema {Schema} stopped")]
    private partial void LogStopped(string schema);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Outbox relay for schema {Schema}: {Failed} of {Count} events failed to publish ({Error}); backing off")]
    private partial void LogPublishFailed(string schema, int failed, int count, string error);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Error, Message = "Outbox relay for schema {Schema} moved event {EventId} ({EventType}) to the dead-letter table after {Attempts} attempts")]
    private partial void LogDeadLettered(string schema, Guid eventId, string eventType, int attempts);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Outbox relay for schema {Schema}: batch failed; retrying after the poll interval")]
    private partial void LogBatchFailed(string schema, Exception exception);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "Outbox relay for schema {Schema}: LISTEN connection failed; polling until it is back")]
    private partial void LogListenFailed(string schema, Exception exception);
}
