using Credentials.Storage;

namespace Credentials.Storage.Postgres;

/// <summary>
/// Objects first (idempotent, content-addressed), then metadata and outbox rows in one Npgsql transaction. If the
/// body or the commit fails, no metadata and no event exists; the objects may remain but nothing references them,
/// and storing them again on retry is harmless.
/// </summary>
public interface IUnitOfWork
{
    /// <summary>Stores <paramref name="objects"/>, then runs <paramref name="body"/> in a transaction and commits it.</summary>
    Task<TResult> ExecuteAsync<TResult>(
        IReadOnlyList<ObjectContent> objects,
        Func<UnitOfWorkContext, CancellationToken, Task<TResult>> body,
        CancellationToken cancellationToken);
}
