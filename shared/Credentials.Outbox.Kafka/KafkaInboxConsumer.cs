using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Outbox.Kafka;

/// <summary>
/// Consumer loop helper: each message is handled through the <see cref="InboxProcessor"/> (handler effect and
/// inbox row in one transaction), and only then is its offset stored; stored offsets are committed manually every
/// <see cref="KafkaOptions.CommitEvery"/> messages, when idle, and on shutdown. A crash therefore redelivers
/// at most the uncommitted tail, which the inbox skips. A handler failure is retried (the partition is rewound)
/// after a short pause.
/// </summary>
public sealed partial class KafkaInboxConsumer
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly KafkaOptions _options;
    private readonly InboxProcessor _inbox;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<KafkaInboxConsumer> _logger;

    public KafkaInboxConsumer(IOptions<KafkaOptions> options, InboxProcessor inbox, TimeProvider timeProvider, ILogger<KafkaInboxConsumer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _inbox = inbox;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Consumes <paramref name="topics"/> as group <see cref="KafkaOptions.ConsumerGroupId"/> until cancelled,
    /// recording events in the inbox under <paramref name="consumerName"/>. Messages without a valid
    /// <c>event-id</c> header are skipped (and logged).
    /// </summary>
    public Task RunAsync(
        string consumerName,
        IReadOnlyCollection<string> topics,
        Func<ConsumedEvent, InboxTransaction, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerName);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(handler);
        if (string.IsNullOrWhiteSpace(_options.ConsumerGroupId))
        {
            throw new InvalidOperationException("Kafka:ConsumerGroupId is required to consume.");
        }

        // Consume() blocks; run the loop off the caller's thread.
        return Task.Run(() => LoopAsync(consumerName, topics, handler, cancellationToken), CancellationToken.None);
    }

    private async Task LoopAsync(
        string consumerName,
        IReadOnlyCollection<string> topics,
        Func<ConsumedEvent, InboxTransaction, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(KafkaConfigFactory.Consumer(_options))
            .SetLogHandler((_, log) => LogLibrdkafka(log.Level, log.Facility, log.Message))
            .Build();
        consumer.Subscribe(topics);
        var uncommitted = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                ConsumeResult<string, byte[]>? result;
                try
                {
                    result = consumer.Consume(PollTimeout);
                }
                catch (ConsumeException exception)
                {
                    LogConsumeFailed(exception.Error.Code, exception.Error.Reason);
                    continue;
                }

                if (result is null || result.IsPartitionEOF)
                {
                    if (uncommitted > 0)
                    {
                        Commit(consumer);
                        uncommitted = 0;
                    }

                    continue;
                }

                var consumed = ToEvent(result);
                if (consumed is null)
                {
                    LogMissingEventId(result.Topic, result.Partition.Value, result.Offset.Value);
                }
                else
                {
                    try
                    {
                        var handled = await _inbox.HandleOnceAsync(consumerName, consumed.EventId, (tx, ct) => handler(consumed, tx, ct), cancellationToken);
                        if (!handled)
                        {
                            LogDuplicate(consumed.EventId);
                        }
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        LogHandlerFailed(consumed.EventId, consumed.EventType, exception.GetType());
                        consumer.Seek(result.TopicPartitionOffset);
                        await Task.Delay(RetryDelay, _timeProvider, cancellationToken);
                        continue;
                    }
                }

                consumer.StoreOffset(result);
                if (++uncommitted >= _options.CommitEvery)
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

    [LoggerMessage(EventId = 2303, Level = LogLevel.Debug, Message = "Event {EventId} was already handled; skipped")]
    private partial void LogDuplicate(Guid eventId);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "Handling event {EventId} ({EventType}) failed with {ExceptionType}; retrying")]
    private partial void LogHandlerFailed(Guid eventId, string eventType, Type exceptionType);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Warning, Message = "Kafka offset commit failed: {Code} {Reason}")]
    private partial void LogCommitFailed(ErrorCode code, string reason);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Message}")]
    private partial void LogLibrdkafka(Confluent.Kafka.SyslogLevel level, string facility, string message);
}
