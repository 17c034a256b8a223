namespace Credentials.Outbox;

/// <summary>
/// An event received from the broker (Credentials.Outbox.Kafka reads it from a Kafka record): what a consumer's handler
/// sees, so that handlers in a service's Application name no broker type.
/// </summary>
/// <param name="EventId">From the <c>event-id</c> header.</param>
/// <param name="EventType">From the <c>event-type</c> header.</param>
/// <param name="Topic">Source topic.</param>
/// <param name="Partition">Source partition.</param>
/// <param name="Offset">Offset within the partition.</param>
/// <param name="AggregateKey">The message key.</param>
/// <param name="Payload">The message value.</param>
/// <param name="Headers">All headers as UTF-8 strings (the last value of a repeated name wins).</param>
public sealed record ConsumedEvent(
    Guid EventId,
    string EventType,
    string Topic,
    int Partition,
    long Offset,
    string AggregateKey,
    ReadOnlyMemory<byte> Payload,
    IReadOnlyDictionary<string, string> Headers);
