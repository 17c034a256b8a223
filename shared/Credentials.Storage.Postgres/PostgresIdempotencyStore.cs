using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// The PostgreSQL <see cref="IIdempotencyStore"/> (STYLE.md rule 10, issue 17 item 4): per request_id the first
/// response, the operation it answered, a fingerprint of the request and when it was stored, in the service schema's
/// <c>idempotent_requests</c> table (<see cref="IdempotencySchema"/>). What a stored row means is decided by
/// <see cref="IdempotencyRule.Decide"/>. For Infrastructure, it also records a response in the caller's transaction
/// together with the change it describes, so a crash leaves neither or both.
/// </summary>
public sealed class PostgresIdempotencyStore : IIdempotencyStore
{
    /// <summary>The primary key constraint; a concurrent first attempt that lost the race violates it.</summary>
    public const string PrimaryKeyConstraint = "idempotent_requests_pkey";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;

    public PostgresIdempotencyStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _dataSource = dataSource;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc/>
    /// <remarks>Here: the insert of a request_id violated the primary key (another transaction committed it first).</remarks>
    public bool IsRequestIdTaken(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: PrimaryKeyConstraint };

    /// <summary>
    /// The seed of the transaction-scoped advisory lock a request_id takes (<c>hashtextextended(request_id, seed)</c>):
    /// one lock space per schema's request_ids, shared with document-signer's group commit of SignSecurityObject.
    /// </summary>
    public const long RequestIdLockSeed = 7303;

    private const string SelectSql = "SELECT operation, fingerprint, response FROM idempotent_requests WHERE request_id = @id";

    /// <inheritdoc/>
    public async Task<IdempotencyLookup> LookupAsync(IdempotentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var command = _dataSource.CreateCommand(SelectSql);
        command.Parameters.AddWithValue("id", request.RequestId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await DecideAsync(reader, request, cancellationToken);
    }

    /// <summary>
    /// In the caller's transaction, takes the advisory lock of <paramref name="request"/>'s request_id until the
    /// transaction ends and reads what is recorded under it, in one round trip: a concurrent duplicate waits for this
    /// transaction and then finds its response, so the work it guards runs once (for work that must not run twice, such
    /// as an HSM signature, rather than be rolled back by <see cref="IsRequestIdTaken"/>).
    /// </summary>
    public static async Task<IdempotencyLookup> LockAndLookupAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IdempotentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(request);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended(@id, @seed))");
        lockCommand.Parameters.AddWithValue("id", request.RequestId);
        lockCommand.Parameters.AddWithValue("seed", RequestIdLockSeed);
        var findCommand = new NpgsqlBatchCommand(SelectSql);
        findCommand.Parameters.AddWithValue("id", request.RequestId);
        batch.BatchCommands.Add(lockCommand);
        batch.BatchCommands.Add(findCommand);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await DecideAsync(reader, request, cancellationToken);
    }

    /// <summary>The row under the request_id, if any, judged by the one rule (<see cref="IdempotencyRule.Decide"/>).</summary>
    private static async Task<IdempotencyLookup> DecideAsync(NpgsqlDataReader reader, IdempotentRequest request, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken)
            ? IdempotencyRule.Decide(request, reader.GetString(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2))
            : IdempotencyLookup.New;

    /// <summary>
    /// Records the response of <paramref name="request"/> in the caller's transaction. A request_id already recorded
    /// fails with a unique violation (<see cref="IsRequestIdTaken"/>), which rolls back the caller's change.
    /// </summary>
    public async Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IdempotentRequest request, byte[] response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = Insert(connection, transaction, request, response, onConflictDoNothing: false);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> TryRecordAsync(IdempotentRequest request, byte[] response, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Insert(connection, null, request, response, onConflictDoNothing: true);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Records the response of <paramref name="request"/> in the caller's transaction unless its request_id is
    /// recorded already (then nothing is written and false is returned).
    /// </summary>
    public async Task<bool> TryRecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IdempotentRequest request, byte[] response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = Insert(connection, transaction, request, response, onConflictDoNothing: true);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private NpgsqlCommand Insert(NpgsqlConnection connection, NpgsqlTransaction? transaction, IdempotentRequest request, byte[] response, bool onConflictDoNothing)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var command = new NpgsqlCommand(
            "INSERT INTO idempotent_requests (request_id, operation, fingerprint, response, created_at) VALUES (@id, @operation, @fingerprint, @response, @now)"
            + (onConflictDoNothing ? " ON CONFLICT (request_id) DO NOTHING" : string.Empty),
            connection,
            transaction);
        command.Parameters.AddWithValue("id", request.RequestId);
        command.Parameters.AddWithValue("operation", request.Operation);
        command.Parameters.AddWithValue("fingerprint", request.Fingerprint);
        command.Parameters.AddWithValue("response", response);
        command.Parameters.AddWithValue("now", _timeProvider.GetUtcNow());
        return command;
    }
}
