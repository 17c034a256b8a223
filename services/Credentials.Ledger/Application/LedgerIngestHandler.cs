using Credentials.Contracts.Events.V1;
using Credentials.Outbox;
using Google.Protobuf;

namespace Credentials.Ledger.Application;

/// <summary>
/// Appends a batch of consumed events to the ledger inside the inbox transaction (entries, chain hashes and status
/// projection commit together with the inbox rows). A record whose value is not an <see cref="EventEnvelope"/>, or whose
/// envelope event_id differs from the <c>event-id</c> header, or whose event type is not owned by the topic it came
/// from (<see cref="EventTopics"/>), is not appended (logged as rejected).
/// </summary>
internal sealed partial class LedgerIngestHandler
{
    /// <summary>Envelopes larger than this are rejected (the dev broker's message limit is 1 MiB).</summary>
    public const int MaxEnvelopeBytes = 4 * 1024 * 1024;

    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LedgerIngestHandler> _logger;

    public LedgerIngestHandler(TimeProvider timeProvider, ILogger<LedgerIngestHandler> logger)
    {
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Appends the accepted events of <paramref name="batch"/> (in order, each checked as alone) to the chain in the
    /// inbox transaction (<paramref name="appender"/>).
    /// </summary>
    public async Task HandleBatchAsync(IReadOnlyList<ConsumedEvent> batch, ILedgerAppender appender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(appender);
        var accepted = new List<IncomingEvent>(batch.Count);
        foreach (var consumed in batch)
        {
            if (Accept(consumed) is { } incoming)
            {
                accepted.Add(incoming);
            }
        }

        if (accepted.Count == 0)
        {
            return;
        }

        var changes = accepted.ConvertAll(incoming => StatusProjection.From(incoming.Envelope));
        var sequences = await appender.AppendBatchAsync(accepted, changes, _timeProvider.GetUtcNow(), cancellationToken);
        for (var i = 0; i < accepted.Count; i++)
        {
            if (sequences[i] is { } appended)
            {
                LogAppended(appended, accepted[i].Envelope.EventType, accepted[i].EventId);
            }
            else
            {
                LogAlreadyRecorded(accepted[i].EventId);
            }
        }
    }

    /// <summary>The event to append, or null (logged) when the record is not one the ledger accepts.</summary>
    private IncomingEvent? Accept(ConsumedEvent consumed)
    {
        ArgumentNullException.ThrowIfNull(consumed);
        var envelope = TryParse(consumed);
        if (envelope is null)
        {
            LogRejected(consumed.EventId, consumed.Topic, consumed.Partition, consumed.Offset);
            return null;
        }

        if (!EventTopics.IsAccepted(envelope.EventType, consumed.Topic))
        {
            // Only the owning service's topic may carry an event type (EventTopics): a write to another topic cannot
            // change a credential's status or enter the hash chain.
            LogNotFromOwner(consumed.EventId, envelope.EventType, consumed.Topic, EventTopics.OwningTopic(envelope.EventType) ?? "none (unknown type)");
            return null;
        }

        return new IncomingEvent(consumed.EventId, envelope, consumed.Payload, consumed.Topic, consumed.Partition, consumed.Offset);
    }

    private static EventEnvelope? TryParse(ConsumedEvent consumed)
    {
        if (consumed.Payload.Length is 0 or > MaxEnvelopeBytes)
        {
            return null;
        }

        EventEnvelope envelope;
        try
        {
            envelope = EventEnvelope.Parser.ParseFrom(consumed.Payload.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }

        return Guid.TryParseExact(envelope.EventId, "D", out var id) && id == consumed.EventId && envelope.EventType.Length > 0
            ? envelope
            : null;
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Debug, Message = "Ledger entry {Sequence} appended ({EventType}, event {EventId})")]
    private partial void LogAppended(long sequence, string eventType, Guid eventId);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Event {EventId} is already in the ledger (or earlier in the batch); not appended again")]
    private partial void LogAlreadyRecorded(Guid eventId);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Event {EventId} at {Topic}[{Partition}]@{Offset} is not a valid EventEnvelope for its event-id header; not appended")]
    private partial void LogRejected(Guid eventId, string topic, int partition, long offset);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Warning, Message = "Event {EventId} ({EventType}) arrived on {Topic}, which does not own that event type (owner: {OwningTopic}); not appended")]
    private partial void LogNotFromOwner(Guid eventId, string eventType, string topic, string owningTopic);
}
