using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// The one PostgreSQL idempotency store of the suite (STYLE.md rule 10, issue 17 item 4): per request_id the first
/// response, the operation it answered, a fingerprint of the request and when it was stored, in the service schema's
/// <c>idempotent_requests</c> table (<see cref="IdempotencySchema"/>). The decision "same request_id, same operation
/// and fingerprint → replay; anything else → conflict" is made here only. The response is recorded in the caller's
/// transaction together with the change it describes, so a crash leaves neither or both.
/// </summary>
public sealed class IdempotencyStore
{
    /// <summary>The primary key constraint; a concurrent first attempt that lost the race violates it.</summary>
    public const string PrimaryKeyConstraint = "idempotent_requests_pkey";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;

    public IdempotencyStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _dataSource = dataSource;
        _timeProvider = timeProvider;
    }

    /// <summary>The standard fingerprint: SHA-256 over the UTF-8 operation name, a zero byte and the request bytes.</summary>
    public static byte[] Fingerprint(string operation, ReadOnlySpan<byte> request)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(operation));
        hash.AppendData([0]);
        hash.AppendData(request);
        return hash.GetHashAndReset();
    }

    /// <summary>True when <paramref name="exception"/> is the insert of a request_id another transaction committed first.</summary>
    public static bool IsRequestIdTaken(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: PrimaryKeyConstraint };

    /// <summary>
    /// The seed of the transaction-scoped advisory lock a request_id takes (<c>hashtextextended(request_id, seed)</c>):
    /// one lock space per schema's request_ids, shared with document-signer's group commit of SignSecurityObject.
    /// </summary>
    public const long RequestIdLockSeed = 7303;

    private const string SelectSql = "SELECT operation, fingerprint, response FROM idempotent_requests WHERE request_id = @id";

    /// <summary>Whether <paramref name="request"/>'s request_id was answered, and if so for the same request.</summary>
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

    /// <summary>The one rule: same request_id, operation and fingerprint → replay; same request_id otherwise → conflict.</summary>
    private static async Task<IdempotencyLookup> DecideAsync(NpgsqlDataReader reader, IdempotentRequest request, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            return IdempotencyLookup.New;
        }

        var operation = reader.GetString(0);
        var fingerprint = reader.GetFieldValue<byte[]>(1);
        return string.Equals(operation, request.Operation, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(fingerprint, request.Fingerprint)
            ? new IdempotencyLookup(IdempotencyStatus.Replay, reader.GetFieldValue<byte[]>(2))
            : IdempotencyLookup.Conflict;
    }

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

    /// <summary>
    /// Records the response of <paramref name="request"/> unless its request_id is recorded already (then nothing is
    /// written and false is returned): in the caller's transaction when one is given, else on its own.
    /// </summary>
    public async Task<bool> TryRecordAsync(
        NpgsqlConnection? connection, NpgsqlTransaction? transaction, IdempotentRequest request, byte[] response, CancellationToken cancellationToken)
    {
        if (connection is null)
        {
            await using var own = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var ownCommand = Insert(own, null, request, response, onConflictDoNothing: true);
            return await ownCommand.ExecuteNonQueryAsync(cancellationToken) == 1;
        }

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
