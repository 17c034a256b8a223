namespace Credentials.Outbox;

/// <summary>
/// Idempotent event handling: a consumer's handler runs once per event id, its effect committed together with the
/// record that the event was handled (STYLE.md rule 13, consumers dedupe by event id). <typeparamref name="TTransaction"/>
/// is the store's transaction the handler writes its effect in (e.g. the PostgreSQL inbox's <c>InboxTransaction</c>).
/// </summary>
/// <typeparam name="TTransaction">The transaction handed to the handler.</typeparam>
public interface IInbox<TTransaction>
{
    /// <summary>
    /// Records every event of <paramref name="eventIds"/> that <paramref name="consumer"/> has not handled yet and
    /// runs <paramref name="handler"/> once for all of them, in one transaction. The handler receives the positions
    /// (ascending) in <paramref name="eventIds"/> of the events to handle; an id already recorded, or repeated within
    /// the batch after its first position, is left out. Returns those positions once committed (empty, without
    /// running the handler, when every event was handled before).
    /// </summary>
    Task<IReadOnlyList<int>> HandleBatchOnceAsync(
        string consumer,
        IReadOnlyList<Guid> eventIds,
        Func<IReadOnlyList<int>, TTransaction, CancellationToken, Task> handler,
        CancellationToken cancellationToken);
}
