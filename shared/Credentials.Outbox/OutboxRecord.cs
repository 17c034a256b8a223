namespace Credentials.Outbox;

/// <summary>An outbox row claimed by the relay for publishing.</summary>
/// <param name="Id">Row id (commit-time order of the outbox).</param>
/// <param name="Message">The event.</param>
/// <param name="CreatedAt">When the event was enqueued.</param>
/// <param name="Attempts">Failed publish attempts so far.</param>
public sealed record OutboxRecord(long Id, OutboxMessage Message, DateTimeOffset CreatedAt, int Attempts);
