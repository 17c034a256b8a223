namespace Credentials.Outbox;

/// <summary>An event to publish, written to the outbox in the same transaction as the change it describes.</summary>
public sealed record OutboxMessage
{
    /// <summary>Unique event id; consumers deduplicate on it (header <c>event-id</c>).</summary>
    public required Guid EventId { get; init; }

    /// <summary>Event type, e.g. <c>credentials.events.v1.CredentialIssued</c> (header <c>event-type</c>).</summary>
    public required string EventType { get; init; }

    /// <summary>Destination topic.</summary>
    public required string Topic { get; init; }

    /// <summary>Aggregate id: the Kafka message key; events of one key are published in order.</summary>
    public required string AggregateKey { get; init; }

    /// <summary>The serialised event (a protobuf message from <c>proto/credentials/events/v1</c>).</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Extra headers. <c>traceparent</c> is taken from <see cref="System.Diagnostics.Activity.Current"/>
    /// when absent. Never put personal data here.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
