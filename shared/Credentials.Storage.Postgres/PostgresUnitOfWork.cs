using Microsoft.Extensions.Logging;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// <see cref="IUnitOfWork"/> over an <see cref="IObjectStore"/> and the service's <see cref="NpgsqlDataSource"/>:
/// objects are stored first (idempotent), then the body runs in one transaction that is committed only if it
/// returns normally.
/// </summary>
public sealed partial class PostgresUnitOfWork : IUnitOfWork
{
    private readonly IObjectStore _objectStore;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresUnitOfWork> _logger;

    public PostgresUnitOfWork(IObjectStore objectStore, NpgsqlDataSource dataSource, ILogger<PostgresUnitOfWork> logger)
    {
        _objectStore = objectStore;
        _dataSource = dataSource;
        _logger = logger;
    }

    public async Task<TResult> ExecuteAsync<TResult>(
        IReadOnlyList<ObjectContent> objects,
        Func<UnitOfWorkContext, CancellationToken, Task<TResult>> body,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(body);

        var stored = new List<StoredObject>(objects.Count);
        foreach (var content in objects)
        {
            stored.Add(await _objectStore.PutAsync(content, cancellationToken));
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        TResult result;
        try
        {
            result = await body(new UnitOfWorkContext(connection, transaction, stored), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not the exception: its message may carry personal data; the caller sees it anyway.
            LogRolledBack(stored.Count);
            throw;
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Unit of work rolled back after storing {ObjectCount} object(s)")]
    private partial void LogRolledBack(int objectCount);
}
