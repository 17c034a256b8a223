using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Outbox.Kafka;

/// <summary>
/// <see cref="IEventPublisher"/> over one long-lived idempotent Confluent.Kafka producer (acks=all). Message key =
/// aggregate key; headers <c>event-id</c>, <c>event-type</c>, <c>traceparent</c> and the event's other headers.
/// A batch is produced in order and then awaited, so per-key order holds on the partition. After a fatal producer
/// error the producer is replaced.
/// </summary>
public sealed partial class KafkaEventPublisher : IEventPublisher, IDisposable
{
    private readonly KafkaOptions _options;
    private readonly ILogger<KafkaEventPublisher> _logger;
    private readonly Lock _gate = new();
    private IProducer<string, byte[]> _producer;
    private bool _disposed;

    public KafkaEventPublisher(IOptions<KafkaOptions> options, ILogger<KafkaEventPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _producer = Build();
    }

    public async Task<IReadOnlyList<PublishOutcome>> PublishAsync(IReadOnlyList<OutboxRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var producer = CurrentProducer();
        var deliveries = new Task<DeliveryResult<string, byte[]>>[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            deliveries[i] = ProduceAsync(producer, records[i].Message, cancellationToken);
        }

        var outcomes = new PublishOutcome[records.Count];
        var fatal = false;
        for (var i = 0; i < deliveries.Length; i++)
        {
            try
            {
                await deliveries[i];
                outcomes[i] = PublishOutcome.Success;
            }
            catch (ProduceException<string, byte[]> exception)
            {
                fatal |= exception.Error.IsFatal;
                outcomes[i] = PublishOutcome.Failure($"{exception.Error.Code}: {exception.Error.Reason}");
            }
            catch (KafkaException exception)
            {
                fatal |= exception.Error.IsFatal;
                outcomes[i] = PublishOutcome.Failure($"{exception.Error.Code}: {exception.Error.Reason}");
            }
        }

        if (fatal)
        {
            ReplaceProducer(producer);
        }

        return outcomes;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        try
        {
            _producer.Flush(TimeSpan.FromSeconds(5));
        }
        catch (KafkaException)
        {
            // Whatever was not delivered stays unsent in the outbox.
        }

        _producer.Dispose();
    }

    private static Task<DeliveryResult<string, byte[]>> ProduceAsync(
        IProducer<string, byte[]> producer, OutboxMessage message, CancellationToken cancellationToken)
    {
        var headers = new Headers
        {
            { OutboxHeaders.EventId, Encoding.ASCII.GetBytes(message.EventId.ToString("D")) },
            { OutboxHeaders.EventType, Encoding.UTF8.GetBytes(message.EventType) },
        };
        foreach (var (name, value) in message.Headers)
        {
            if (name is not (OutboxHeaders.EventId or OutboxHeaders.EventType))
            {
                headers.Add(name, Encoding.UTF8.GetBytes(value));
            }
        }

        var kafkaMessage = new Message<string, byte[]>
        {
            Key = message.AggregateKey,
            Value = message.Payload.ToArray(),
            Headers = headers,
        };
        try
        {
            return producer.ProduceAsync(message.Topic, kafkaMessage, cancellationToken);
        }
        catch (KafkaException exception)
        {
            // e.g. the local queue is full: report it as this message's failure.
            return Task.FromException<DeliveryResult<string, byte[]>>(exception);
        }
    }

    private IProducer<string, byte[]> CurrentProducer()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _producer;
        }
    }

    private void ReplaceProducer(IProducer<string, byte[]> failed)
    {
        lock (_gate)
        {
            if (_disposed || !ReferenceEquals(_producer, failed))
            {
                return;
            }

            _producer = Build();
        }

        LogProducerReplaced();
        failed.Dispose();
    }

    private IProducer<string, byte[]> Build() =>
        new ProducerBuilder<string, byte[]>(KafkaConfigFactory.Producer(_options))
            .SetLogHandler((_, log) => LogLibrdkafka(log.Level, log.Facility, log.Message))
            .Build();

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Kafka producer hit a fatal error and was replaced")]
    private partial void LogProducerReplaced();

    [LoggerMessage(EventId = 2202, Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Message}")]
    private partial void LogLibrdkafka(Confluent.Kafka.SyslogLevel level, string facility, string message);
}
