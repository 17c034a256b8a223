namespace Credentials.Ledger.Application;

/// <summary>
/// Appends entries to the hash chain inside the transaction that consumed them (the inbox transaction, owned by
/// Infrastructure), so entries, chain hashes, status changes and the inbox rows commit together.
/// </summary>
internal interface ILedgerAppender
{
    /// <summary>
    /// Appends <paramref name="events"/> in order as the next entries and applies their status changes
    /// (<paramref name="changes"/>, same positions). Returns per position the new sequence, or null when an entry with
    /// that event id already exists or the id came earlier in the batch.
    /// </summary>
    Task<IReadOnlyList<long?>> AppendBatchAsync(
        IReadOnlyList<IncomingEvent> events, IReadOnlyList<StatusChange?> changes, DateTimeOffset now, CancellationToken cancellationToken);
}
