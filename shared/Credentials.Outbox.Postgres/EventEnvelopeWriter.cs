using System.Diagnostics;
using Credentials.Contracts.Events.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Npgsql;

namespace Credentials.Outbox.Postgres;

/// <summary>
/// Packs a service's event payload into the suite's <see cref="EventEnvelope"/> (new event id, type, aggregate key,
/// occurrence time, producer, W3C trace context of <see cref="Activity.Current"/>, schema version 1) and writes it to
/// the outbox in the caller's transaction, so the event commits or rolls back with the change it describes. One per
/// service, created with the service's producer name and events topic.
/// </summary>
public sealed class EventEnvelopeWriter
{
    private readonly OutboxWriter _outbox;
    private readonly TimeProvider _timeProvider;

    public EventEnvelopeWriter(OutboxWriter outbox, TimeProvider timeProvider, string producer, string topic)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(producer);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        _outbox = outbox;
        _timeProvider = timeProvider;
        Producer = producer;
        Topic = topic;
    }

    /// <summary>The <see cref="EventEnvelope.Producer"/> of every event written.</summary>
    public string Producer { get; }

    /// <summary>The topic every event is published to.</summary>
    public string Topic { get; }

    /// <summary>Writes one event; returns its event id.</summary>
    public async Task<Guid> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string eventType, string aggregateKey, IMessage payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentNullException.ThrowIfNull(aggregateKey);
        ArgumentNullException.ThrowIfNull(payload);
        var now = _timeProvider.GetUtcNow();
        var eventId = NewEventId(now);
        var envelope = Envelope(eventId, eventType, aggregateKey, payload, now, Producer, Activity.Current);
        await _outbox.EnqueueAsync(
            connection,
            transaction,
            new OutboxMessage
            {
                EventId = eventId,
                EventType = eventType,
                Topic = Topic,
                AggregateKey = aggregateKey,
                Payload = envelope.ToByteArray(),
            },
            cancellationToken);
        return eventId;
    }

    /// <summary>
    /// A new event id: a UUIDv7 (RFC 9562 §5.7), time-ordered, so the unique indexes on event ids (the outbox here,
    /// every consumer's inbox) grow at their right edge instead of at random pages. It says no more than the
    /// envelope's occurrence time already does.
    /// </summary>
    private static Guid NewEventId(DateTimeOffset now) => Guid.CreateVersion7(now);

    /// <summary>
    /// Packs one event in the trace context of <paramref name="activity"/> (the caller's, captured when the work was
    /// queued) for <see cref="WriteManyAsync"/>: a group commit is written by another task, where
    /// <see cref="Activity.Current"/> is not the caller's.
    /// </summary>
    public OutboxMessage Prepare(string eventType, string aggregateKey, IMessage payload, Activity? activity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentNullException.ThrowIfNull(aggregateKey);
        ArgumentNullException.ThrowIfNull(payload);
        var now = _timeProvider.GetUtcNow();
        var eventId = NewEventId(now);
        var envelope = Envelope(eventId, eventType, aggregateKey, payload, now, Producer, activity);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (activity?.IdFormat == ActivityIdFormat.W3C && activity.Id is { } traceParent)
        {
            headers[OutboxHeaders.TraceParent] = traceParent;
        }

        return new OutboxMessage
        {
            EventId = eventId,
            EventType = eventType,
            Topic = Topic,
            AggregateKey = aggregateKey,
            Payload = envelope.ToByteArray(),
            Headers = headers,
        };
    }

    /// <summary>Writes events packed by <see cref="Prepare"/> in one statement, in the order given.</summary>
    public Task WriteManyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken) =>
        _outbox.EnqueueManyAsync(connection, transaction, messages, cancellationToken);

    /// <summary>The statement of <see cref="WriteManyAsync"/>, for a caller's <see cref="NpgsqlBatch"/> (one round trip with its own statements).</summary>
    public NpgsqlBatchCommand CreateWriteManyCommand(IReadOnlyList<OutboxMessage> messages) => _outbox.CreateEnqueueManyCommand(messages);

    /// <summary>The envelope of one event (pure; exposed for tests).</summary>
    public static EventEnvelope Envelope(
        Guid eventId, string eventType, string aggregateKey, IMessage payload, DateTimeOffset occurredAt, string producer, Activity? activity) => new()
    {
        EventId = eventId.ToString("D"),
        EventType = eventType,
        AggregateKey = aggregateKey,
        OccurredAt = Timestamp.FromDateTimeOffset(occurredAt),
        Producer = producer,
        Traceparent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id ?? string.Empty : string.Empty,
        Tracestate = activity?.TraceStateString ?? string.Empty,
        SchemaVersion = 1,
        Payload = Any.Pack(payload),
    };
}
