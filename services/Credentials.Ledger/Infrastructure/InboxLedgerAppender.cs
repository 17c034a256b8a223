using Credentials.Ledger.Application;
using Credentials.Outbox.Postgres;

namespace Credentials.Ledger.Infrastructure;

/// <summary>Appends in the inbox transaction of one consumed batch (<see cref="LedgerRepository.AppendBatchAsync"/>).</summary>
internal sealed class InboxLedgerAppender : ILedgerAppender
{
    private readonly InboxTransaction _transaction;

    public InboxLedgerAppender(InboxTransaction transaction) => _transaction = transaction;

    public Task<IReadOnlyList<long?>> AppendBatchAsync(
        IReadOnlyList<IncomingEvent> events, IReadOnlyList<StatusChange?> changes, DateTimeOffset now, CancellationToken cancellationToken) =>
        LedgerRepository.AppendBatchAsync(_transaction, events, changes, now, cancellationToken);
}
