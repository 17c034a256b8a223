namespace Credentials.Outbox;

/// <summary>Publishes claimed outbox records to the message broker.</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Publishes <paramref name="records"/> in the given order (order per aggregate key must be kept) and returns
    /// one outcome per record, at the same index. Cancellation abandons waiting; the relay then leaves the rows
    /// unsent and they are published again later (at-least-once).
    /// </summary>
    Task<IReadOnlyList<PublishOutcome>> PublishAsync(IReadOnlyList<OutboxRecord> records, CancellationToken cancellationToken);
}
