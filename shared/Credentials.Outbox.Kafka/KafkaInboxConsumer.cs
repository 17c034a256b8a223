using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Outbox.Kafka;

/// <summary>
/// Consumer loop helper: each message, or each batch of messages (<see cref="InboxBatchLimits"/>), is handled
/// through the inbox (<see cref="IInbox{TTransaction}"/>: handler effect and inbox rows in one transaction), and only then are
/// its offsets stored; stored offsets are committed manually every
/// <see cref="KafkaOptions.CommitEvery"/> messages, when idle, and on shutdown. A crash therefore redelivers
/// at most the uncommitted tail, which the inbox skips. A handler failure is retried (the partition is rewound)
/// after a short pause. Events the broker deleted before they were read are never skipped silently
/// (<see cref="PartitionContinuity"/>).
/// </summary>
/// <typeparam name="TTransaction">The inbox's transaction handed to handlers.</typeparam>
public sealed partial class KafkaInboxConsumer<TTransaction>
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly KafkaOptions _options;
    private readonly IInbox<TTransaction> _inbox;
    private readonly TimeProvider _timeProvider;
    private readonly OutboxMetrics _metrics;
    private readonly ILogger<KafkaInboxConsumer<TTransaction>> _logger;

    public KafkaInboxConsumer(
        IOptions<KafkaOptions> options,
        IInbox<TTransaction> inbox,
        TimeProvider timeProvider,
        OutboxMetrics metrics,
        ILogger<KafkaInboxConsumer<TTransaction>> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _inbox = inbox;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// Consumes <paramref name="topics"/> as group <see cref="KafkaOptions.ConsumerGroupId"/> until cancelled,
    /// recording events in the inbox under <paramref name="consumerName"/>, one transaction per message. Messages
    /// without a valid <c>event-id</c> header are skipped (and logged).
    /// </summary>
    public Task RunAsync(
        string consumerName,
        IReadOnlyCollection<string> topics,
        Func<ConsumedEvent, TTransaction, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunBatchAsync(consumerName, topics, InboxBatchLimits.Single, async (batch, tx, ct) =>
        {
            foreach (var consumed in batch)
            {
                await handler(consumed, tx, ct);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Consumes <paramref name="topics"/> in batches bounded by <paramref name="limits"/>: the events of a batch not
    /// yet in the inbox (each id once, in consumption order) go to <paramref name="handler"/> in one transaction
    /// together with their inbox rows; the batch's offsets are stored only after that transaction commits. A handler
    /// failure rewinds every partition of the batch to its first message and retries the whole batch.
    /// </summary>
    public Task RunBatchAsync(
        string consumerName,
        IReadOnlyCollection<string> topics,
        InboxBatchLimits limits,
        Func<IReadOnlyList<ConsumedEvent>, TTransaction, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerName);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxEvents, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.Linger, TimeSpan.Zero);
        if (string.IsNullOrWhiteSpace(_options.ConsumerGroupId))
        {
            throw new InvalidOperationException("Kafka:ConsumerGroupId is required to consume.");
        }

        // Consume() blocks; run the loop off the caller's thread.
        return Task.Run(() => LoopAsync(consumerName, topics, limits, handler, cancellationToken), CancellationToken.None);
    }

    private async Task LoopAsync(
        string consumerName,
        IReadOnlyCollection<string> topics,
        InboxBatchLimits limits,
        Func<IReadOnlyList<ConsumedEvent>, TTransaction, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        // The rebalance handlers run inside Consume, on this loop's thread, as does every other use of continuity.
        var continuity = new PartitionContinuity(consumerName, _metrics, _logger);
        using var consumer = new ConsumerBuilder<string, byte[]>(KafkaConfigFactory.Consumer(_options))
            .SetLogHandler((_, log) => LogLibrdkafka(log.Level, log.Facility, log.Message))
            .SetPartitionsAssignedHandler((_, partitions) => continuity.Forget(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => continuity.Forget(partitions))
            .SetPartitionsLostHandler((_, partitions) => continuity.Forget(partitions))
            .Build();
        consumer.Subscribe(topics);
        var uncommitted = 0;
        var results = new List<ConsumeResult<string, byte[]>>(limits.MaxEvents);
        var events = new List<ConsumedEvent>(limits.MaxEvents);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                results.Clear();
                events.Clear();
                if (!Fill(consumer, continuity, limits, results))
                {
                    if (uncommitted > 0)
                    {
                        Commit(consumer);
                        uncommitted = 0;
                    }

                    continue;
                }

                foreach (var result in results)
                {
                    if (ToEvent(result) is { } consumed)
                    {
                        events.Add(consumed);
                    }
                    else
                    {
                        LogMissingEventId(result.Topic, result.Partition.Value, result.Offset.Value);
                    }
                }

                if (events.Count > 0)
                {
                    try
                    {
                        var handled = await _inbox.HandleBatchOnceAsync(
                            consumerName,
                            events.ConvertAll(e => e.EventId),
                            (positions, tx, ct) => handler(positions.Select(p => events[p]).ToList(), tx, ct),
                            cancellationToken);
                        if (handled.Count < events.Count)
                        {
                            LogDuplicates(events.Count - handled.Count, events.Count);
                        }
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        LogHandlerFailed(events[0].EventId, events[0].EventType, events.Count, exception.GetType());
                        Rewind(consumer, continuity, results);
                        await Task.Delay(RetryDelay, _timeProvider, cancellationToken);
                        continue;
                    }
                }

                // Offsets only after the transaction committed: a crash before this point redelivers the batch,
                // which the inbox skips.
                foreach (var result in results)
                {
                    consumer.StoreOffset(result);
                }

                uncommitted += results.Count;
                if (uncommitted >= _options.CommitEvery)
                {
                    Commit(consumer);
                    uncommitted = 0;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            if (uncommitted > 0)
            {
                Commit(consumer);
            }

            consumer.Close();
        }
    }

    /// <summary>Collects the next batch into <paramref name="results"/>; false when nothing arrived within the poll timeout.</summary>
    private bool Fill(IConsumer<string, byte[]> consumer, PartitionContinuity continuity, InboxBatchLimits limits, List<ConsumeResult<string, byte[]>> results)
    {
        var bytes = 0L;
        var lingerStarted = 0L;
        while (results.Count < limits.MaxEvents && bytes < limits.MaxBytes)
        {
            TimeSpan timeout;
            if (results.Count == 0)
            {
                timeout = PollTimeout;
            }
            else
            {
                var remaining = limits.Linger - _timeProvider.GetElapsedTime(lingerStarted);
                timeout = remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
            }

            ConsumeResult<string, byte[]>? result;
            try
            {
                result = consumer.Consume(timeout);
            }
            catch (ConsumeException exception)
            {
                LogConsumeFailed(exception.Error.Code, exception.Error.Reason);
                break;
            }

            if (result is null || result.IsPartitionEOF)
            {
                // Idle or caught up: hand over what there is rather than wait for more.
                break;
            }

            if (results.Count == 0)
            {
                lingerStarted = _timeProvider.GetTimestamp();
            }

            continuity.Observe(consumer, result);
            results.Add(result);
            bytes += result.Message.Value?.Length ?? 0;
        }

        return results.Count > 0;
    }

    /// <summary>Seeks every partition of a failed batch back to its first message there.</summary>
    private static void Rewind(IConsumer<string, byte[]> consumer, PartitionContinuity continuity, List<ConsumeResult<string, byte[]>> results)
    {
        var seen = new HashSet<TopicPartition>();
        foreach (var result in results)
        {
            if (seen.Add(result.TopicPartition))
            {
                consumer.Seek(result.TopicPartitionOffset);
                continuity.Rewound(result.TopicPartitionOffset);
            }
        }
    }

    private static ConsumedEvent? ToEvent(ConsumeResult<string, byte[]> result)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (result.Message.Headers is { } messageHeaders)
        {
            foreach (var header in messageHeaders)
            {
                headers[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes());
            }
        }

        if (!headers.TryGetValue(OutboxHeaders.EventId, out var id) || !Guid.TryParseExact(id, "D", out var eventId))
        {
            return null;
        }

        headers.TryGetValue(OutboxHeaders.EventType, out var eventType);
        return new ConsumedEvent(
            eventId,
            eventType ?? string.Empty,
            result.Topic,
            result.Partition.Value,
            result.Offset.Value,
            result.Message.Key ?? string.Empty,
            result.Message.Value ?? [],
            headers);
    }

    private void Commit(IConsumer<string, byte[]> consumer)
    {
        try
        {
            consumer.Commit();
        }
        catch (KafkaException exception) when (exception.Error.Code == ErrorCode.Local_NoOffset)
        {
            // Nothing stored since the last commit.
        }
        catch (KafkaException exception)
        {
            // Offsets stay stored and are committed next time; redelivery is deduplicated by the inbox.
            LogCommitFailed(exception.Error.Code, exception.Error.Reason);
        }
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Kafka consume failed: {Code} {Reason}")]
    private partial void LogConsumeFailed(ErrorCode code, string reason);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Skipping message without a valid event-id header at {Topic}[{Partition}]@{Offset}")]
    private partial void LogMissingEventId(string topic, int partition, long offset);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Debug, Message = "{Skipped} of {Count} events were already handled (or repeated in the batch); skipped")]
    private partial void LogDuplicates(int skipped, int count);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "Handling the batch starting with event {EventId} ({EventType}, {Count} events) failed with {ExceptionType}; retrying")]
    private partial void LogHandlerFailed(Guid eventId, string eventType, int count, Type exceptionType);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Warning, Message = "Kafka offset commit failed: {Code} {Reason}")]
    private partial void LogCommitFailed(ErrorCode code, string reason);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Message}")]
    private partial void LogLibrdkafka(Confluent.Kafka.SyslogLevel level, string facility, string message);
}
