namespace Credentials.Ledger.Application;

/// <summary>One stored ledger entry.</summary>
internal sealed record StoredEntry(
    long Sequence,
    Guid EventId,
    string EventType,
    string AggregateKey,
    string Producer,
    DateTimeOffset? OccurredAt,
    byte[] Envelope,
    byte[] PreviousEntryHash,
    byte[] EntryHash,
    DateTimeOffset RecordedAt);
