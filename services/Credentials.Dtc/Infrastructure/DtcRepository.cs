using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Dtc.Application;
using Npgsql;

namespace Credentials.Dtc.Infrastructure;

/// <summary>
/// Explicit, parameterised SQL over schema <c>dtc</c> (the data source's search_path). Writes join the caller's
/// transaction; reads without one use their own connection.
/// </summary>
internal sealed class DtcRepository : IDtcStore
{
    private const string Columns =
        "dtc_id, request_id, request_hash, binding, object_key, content_info_sha256, security_object_sha256, credential_id, "
        + "issued_at, expires_at, revoked_at, revocation_reason, requested_by, signer_certificate_sha256";

    private readonly NpgsqlDataSource _dataSource;
    private readonly DtcEventWriter _events;

    public DtcRepository(NpgsqlDataSource dataSource, DtcEventWriter events)
    {
        _dataSource = dataSource;
        _events = events;
    }

    public async Task<DtcRecord?> InsertIssuedAsync(DtcRecord record, DtcIssued issued, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockRequestIdAsync(connection, transaction, record.RequestId, cancellationToken);
        if (await FindByRequestIdAsync(connection, transaction, record.RequestId, cancellationToken) is { } existing)
        {
            await transaction.RollbackAsync(cancellationToken);
            return existing;
        }

        await InsertAsync(connection, transaction, record, cancellationToken);
        await _events.WriteAsync(connection, transaction, DtcEventWriter.DtcIssuedType, record.DtcId.ToString("D"), issued, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    public async Task<(DtcRecord Dtc, bool Revoked)> RevokeAsync(
        string requestId, Guid dtcId, DtcRevocationReason reason, DateTimeOffset at, string caller, Func<Guid?, DtcRecord?, DtcRevoked?> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockRequestIdAsync(connection, transaction, requestId, cancellationToken);
        var earlier = await FindRevocationAsync(connection, transaction, requestId, cancellationToken);
        var record = await FindByIdForUpdateAsync(connection, transaction, dtcId, cancellationToken);
        var revoked = decide(earlier, record);
        if (revoked is null || record is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (record ?? throw new InvalidOperationException("decide must refuse a DTC that does not exist."), false);
        }

        await RevokeAsync(connection, transaction, requestId, dtcId, reason, at, caller, cancellationToken);
        await _events.WriteAsync(connection, transaction, DtcEventWriter.DtcRevokedType, dtcId.ToString("D"), revoked, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (record with { RevokedAt = at, RevocationReason = reason }, true);
    }

    /// <summary>Serialises concurrent attempts of one request_id until the transaction ends.</summary>
    private static async Task LockRequestIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string requestId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@rid, 8303))", connection, transaction);
        command.Parameters.AddWithValue("rid", requestId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DtcRecord?> FindByRequestIdAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, "request_id = @key", requestId, forUpdate: false, cancellationToken);
    }

    private static Task<DtcRecord?> FindByRequestIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string requestId, CancellationToken cancellationToken) =>
        FindAsync(connection, transaction, "request_id = @key", requestId, forUpdate: false, cancellationToken);

    public async Task<DtcRecord?> FindByIdAsync(Guid dtcId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, "dtc_id = @key", dtcId, forUpdate: false, cancellationToken);
    }

    private static Task<DtcRecord?> FindByIdForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid dtcId, CancellationToken cancellationToken) =>
        FindAsync(connection, transaction, "dtc_id = @key", dtcId, forUpdate: true, cancellationToken);

    /// <summary>The most recently issued DTC with this content hash (the same bytes issued twice share one status view).</summary>
    public async Task<DtcRecord?> FindByContentHashAsync(string contentInfoSha256, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, "content_info_sha256 = @key", contentInfoSha256, forUpdate: false, cancellationToken);
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DtcRecord record, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO dtcs ({Columns}) VALUES (@id, @rid, @hash, @binding, @object, @sha, @sod, @cred, @issued, @expires, NULL, '', @by, @signer)", connection, transaction);
        command.Parameters.AddWithValue("id", record.DtcId);
        command.Parameters.AddWithValue("rid", record.RequestId);
        command.Parameters.AddWithValue("hash", record.RequestHash);
        command.Parameters.AddWithValue("binding", DtcCodes.ToCode(record.Binding));
        command.Parameters.AddWithValue("object", record.ObjectKey);
        command.Parameters.AddWithValue("sha", record.ContentInfoSha256);
        command.Parameters.AddWithValue("sod", record.SecurityObjectSha256);
        command.Parameters.AddWithValue("cred", record.CredentialId);
        command.Parameters.AddWithValue("issued", record.IssuedAt);
        command.Parameters.AddWithValue("expires", record.ExpiresAt);
        command.Parameters.AddWithValue("by", record.RequestedBy);
        command.Parameters.AddWithValue("signer", record.SignerCertificateSha256);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The dtc_id an earlier RevokeDtc with this request_id revoked, or null.</summary>
    private static async Task<Guid?> FindRevocationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string requestId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT dtc_id FROM revocations WHERE request_id = @rid", connection, transaction);
        command.Parameters.AddWithValue("rid", requestId);
        return await command.ExecuteScalarAsync(cancellationToken) is Guid id ? id : null;
    }

    private static async Task RevokeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string requestId, Guid dtcId, DtcRevocationReason reason, DateTimeOffset at, string caller, CancellationToken cancellationToken)
    {
        await using (var update = new NpgsqlCommand("UPDATE dtcs SET revoked_at = @at, revocation_reason = @reason WHERE dtc_id = @id AND revoked_at IS NULL", connection, transaction))
        {
            update.Parameters.AddWithValue("at", at);
            update.Parameters.AddWithValue("reason", DtcCodes.ToCode(reason));
            update.Parameters.AddWithValue("id", dtcId);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = new NpgsqlCommand(
            "INSERT INTO revocations (request_id, dtc_id, reason, revoked_at, requested_by) VALUES (@rid, @id, @reason, @at, @by)", connection, transaction);
        insert.Parameters.AddWithValue("rid", requestId);
        insert.Parameters.AddWithValue("id", dtcId);
        insert.Parameters.AddWithValue("reason", DtcCodes.ToCode(reason));
        insert.Parameters.AddWithValue("at", at);
        insert.Parameters.AddWithValue("by", caller);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<DtcRecord?> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, object key, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM dtcs WHERE {where} ORDER BY issued_at DESC LIMIT 1" + (forUpdate ? " FOR UPDATE" : string.Empty), connection, transaction);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new DtcRecord
        {
            DtcId = reader.GetGuid(0),
            RequestId = reader.GetString(1),
            RequestHash = (byte[])reader[2],
            Binding = DtcCodes.BindingFromCode(reader.GetString(3)),
            ObjectKey = reader.GetString(4),
            ContentInfoSha256 = reader.GetString(5),
            SecurityObjectSha256 = reader.GetString(6),
            CredentialId = reader.GetString(7),
            IssuedAt = reader.GetFieldValue<DateTimeOffset>(8),
            ExpiresAt = reader.GetFieldValue<DateTimeOffset>(9),
            RevokedAt = reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
            RevocationReason = DtcCodes.ReasonFromCode(reader.GetString(11)),
            RequestedBy = reader.GetString(12),
            SignerCertificateSha256 = reader.GetString(13),
        };
    }
}
