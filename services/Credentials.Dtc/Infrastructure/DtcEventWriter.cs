using System.Diagnostics;
using Credentials.Contracts.Events.V1;
using Credentials.Dtc.Options;
using Credentials.Outbox;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Dtc.Infrastructure;

/// <summary>Writes <c>dtc.issued</c> and <c>dtc.revoked</c> events as <see cref="EventEnvelope"/>s into the outbox, in the caller's transaction.</summary>
internal sealed class DtcEventWriter
{
    public const string DtcIssuedType = "dtc.issued";

    public const string DtcRevokedType = "dtc.revoked";

    private readonly OutboxWriter _outbox;
    private readonly TimeProvider _timeProvider;
    private readonly string _topic;

    public DtcEventWriter(OutboxWriter outbox, IOptions<DtcOptions> options, TimeProvider timeProvider)
    {
        _outbox = outbox;
        _timeProvider = timeProvider;
        _topic = options.Value.EventsTopic;
    }

    public Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string eventType, string aggregateKey, IMessage payload, CancellationToken cancellationToken)
    {
        var eventId = Guid.NewGuid();
        var activity = Activity.Current;
        var envelope = new EventEnvelope
        {
            EventId = eventId.ToString("D"),
            EventType = eventType,
            AggregateKey = aggregateKey,
            OccurredAt = Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow()),
            Producer = "dtc",
            Traceparent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id ?? string.Empty : string.Empty,
            Tracestate = activity?.TraceStateString ?? string.Empty,
            SchemaVersion = 1,
            Payload = Any.Pack(payload),
        };
        return _outbox.EnqueueAsync(
            connection,
            transaction,
            new OutboxMessage
            {
                EventId = eventId,
                EventType = eventType,
                Topic = _topic,
                AggregateKey = aggregateKey,
                Payload = envelope.ToByteArray(),
            },
            cancellationToken);
    }
}
