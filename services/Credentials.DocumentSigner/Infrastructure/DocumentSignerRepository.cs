using Credentials.Contracts.Common.V1;
using Credentials.DocumentSigner.Application;
using Credentials.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.DocumentSigner.Infrastructure;

/// <summary>
/// Explicit, parameterised SQL over schema <c>document_signer</c> (the data source's search_path). Writes join the
/// caller's transaction; reads without one use their own connection.
/// </summary>
internal sealed class DocumentSignerRepository
{
    private const string IssuanceColumns =
        "credential_id, request_id, request_hash, document_type, lds_version, unicode_version, hash_algorithm, data_group_numbers, signer_key_id, "
        + "object_key, security_object_sha256, signed_at, document_expires_at, requested_by, security_object";

    // An issuance as read: its columns and where the archiver put its EF.SOD (V0007), if it did.
    private const string IssuanceSelect =
        $"SELECT {IssuanceColumns}, e.bundle_key, e.bundle_offset, e.length FROM issuances LEFT JOIN archive_entries AS e USING (credential_id)";

    /// <summary>
    /// Takes the transaction-scoped advisory lock of every request_id in @rids, in ascending lock-key order (one lock key
    /// per request_id for every side-effecting RPC, so two transactions sharing request_ids queue instead of deadlocking).
    /// The seed 7303 is <see cref="PostgresIdempotencyStore.RequestIdLockSeed"/>: the same lock space as CreateSignerKey's and
    /// SignVisibleSeal's <see cref="PostgresIdempotencyStore.LockAndLookupAsync"/>.
    /// </summary>
    private const string RequestIdLockSql =
        "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(r, 7303) AS k FROM unnest(@rids) AS r ORDER BY 1) AS keys";

    private readonly NpgsqlDataSource _dataSource;

    public DocumentSignerRepository(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    public NpgsqlDataSource DataSource => _dataSource;

    // ---- issuances ----

    public async Task<IssuanceRecord?> FindIssuanceAsync(string? requestId, Guid? credentialId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await FindIssuanceAsync(connection, null, requestId, credentialId, cancellationToken);
    }

    public static async Task<IssuanceRecord?> FindIssuanceAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string? requestId, Guid? credentialId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"{IssuanceSelect} WHERE " + (requestId is not null ? "request_id = @v" : "credential_id = @v"), connection, transaction);
        if (requestId is not null)
        {
            command.Parameters.AddWithValue("v", requestId);
        }
        else
        {
            command.Parameters.AddWithValue("v", credentialId!.Value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadIssuanceAsync(reader, cancellationToken);
    }

    /// <summary>
    /// Takes the transaction-scoped advisory lock of every request_id (serialising signings of one request_id across
    /// groups and instances until the transaction ends) in ascending lock-key order, so two groups sharing request_ids
    /// queue behind each other instead of deadlocking, and reads their stored issuances, in one round trip.
    /// </summary>
    public static async Task<Dictionary<string, IssuanceRecord>> LockAndFindIssuancesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] requestIds, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var lockCommand = new NpgsqlBatchCommand(RequestIdLockSql);
        lockCommand.Parameters.AddWithValue("rids", requestIds);
        var findCommand = new NpgsqlBatchCommand($"{IssuanceSelect} WHERE request_id = ANY (@rids)");
        findCommand.Parameters.AddWithValue("rids", requestIds);
        batch.BatchCommands.Add(lockCommand);
        batch.BatchCommands.Add(findCommand);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var found = new Dictionary<string, IssuanceRecord>(StringComparer.Ordinal);
        while (await ReadIssuanceAsync(reader, cancellationToken) is { } issuance)
        {
            found[issuance.RequestId] = issuance;
        }

        return found;
    }

    private static async Task<IssuanceRecord?> ReadIssuanceAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new IssuanceRecord
        {
            CredentialId = reader.GetGuid(0),
            RequestId = reader.GetString(1),
            RequestHash = (byte[])reader[2],
            DocumentType = reader.GetString(3),
            LdsVersion = reader.GetString(4),
            UnicodeVersion = reader.GetString(5),
            HashAlgorithm = (HashAlgorithm)reader.GetInt16(6),
            DataGroupNumbers = reader.GetFieldValue<int[]>(7),
            SignerKeyId = reader.GetString(8),
            ObjectKey = reader.GetString(9),
            SecurityObjectSha256 = reader.GetString(10),
            SignedAt = reader.GetFieldValue<DateTimeOffset>(11),
            DocumentExpiresAt = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
            RequestedBy = reader.GetString(13),
            SecurityObject = reader.IsDBNull(14) ? null : (byte[])reader[14],
            ArchiveLocation = reader.IsDBNull(15) ? null : new SecurityObjectArchiveLocation(reader.GetString(15), reader.GetInt32(16), reader.GetInt32(17)),
        };
    }

    public static async Task InsertIssuanceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IssuanceRecord issuance, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO issuances ({IssuanceColumns}) VALUES (@id, @rid, @hash, @type, @lds, @uni, @alg, @dgs, @key, @obj, @sha, @at, @exp, @by, @sod);"
            + "INSERT INTO archive_queue (credential_id) SELECT @id WHERE @pending",
            connection,
            transaction);
        command.Parameters.AddWithValue("id", issuance.CredentialId);
        command.Parameters.AddWithValue("rid", issuance.RequestId);
        command.Parameters.AddWithValue("hash", issuance.RequestHash);
        command.Parameters.AddWithValue("type", issuance.DocumentType);
        command.Parameters.AddWithValue("lds", issuance.LdsVersion);
        command.Parameters.AddWithValue("uni", issuance.UnicodeVersion);
        command.Parameters.AddWithValue("alg", (short)issuance.HashAlgorithm);
        command.Parameters.AddWithValue("dgs", issuance.DataGroupNumbers);
        command.Parameters.AddWithValue("key", issuance.SignerKeyId);
        command.Parameters.AddWithValue("obj", issuance.ObjectKey);
        command.Parameters.AddWithValue("sha", issuance.SecurityObjectSha256);
        command.Parameters.AddWithValue("at", issuance.SignedAt);
        command.Parameters.AddWithValue("exp", NpgsqlDbType.TimestampTz, issuance.DocumentExpiresAt is { } e ? e : DBNull.Value);
        command.Parameters.AddWithValue("by", issuance.RequestedBy);
        command.Parameters.AddWithValue("sod", NpgsqlDbType.Bytea, issuance.SecurityObject is { } sod ? sod : DBNull.Value);
        command.Parameters.AddWithValue("pending", issuance.SecurityObject is not null);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Inserts a group of issuances (with their EF.SOD bytes, queued for the archiver) in one statement, sent in one round
    /// trip with <paramref name="alongside"/> (the group's outbox rows), in the caller's transaction.
    /// </summary>
    public static async Task InsertIssuancesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<IssuanceRecord> issuances, NpgsqlBatchCommand alongside, CancellationToken cancellationToken)
    {
        var count = issuances.Count;
        var ids = new Guid[count];
        var requestIds = new string[count];
        var hashes = new byte[count][];
        var types = new string[count];
        var ldsVersions = new string[count];
        var unicodeVersions = new string[count];
        var algorithms = new short[count];
        var dataGroups = new string[count];
        var keys = new string[count];
        var objectKeys = new string[count];
        var sha256 = new string[count];
        var signedAt = new DateTime[count];
        var expiresAt = new DateTime?[count];
        var requestedBy = new string[count];
        var sods = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var issuance = issuances[i];
            ids[i] = issuance.CredentialId;
            requestIds[i] = issuance.RequestId;
            hashes[i] = issuance.RequestHash;
            types[i] = issuance.DocumentType;
            ldsVersions[i] = issuance.LdsVersion;
            unicodeVersions[i] = issuance.UnicodeVersion;
            algorithms[i] = (short)issuance.HashAlgorithm;
            // integer[] per row: a two-dimensional array parameter cannot carry rows of different lengths, so each
            // row's list travels as its array literal ({1,2,14}) and is cast back.
            dataGroups[i] = "{" + string.Join(',', issuance.DataGroupNumbers) + "}";
            keys[i] = issuance.SignerKeyId;
            objectKeys[i] = issuance.ObjectKey;
            sha256[i] = issuance.SecurityObjectSha256;
            signedAt[i] = issuance.SignedAt.UtcDateTime;
            expiresAt[i] = issuance.DocumentExpiresAt?.UtcDateTime;
            requestedBy[i] = issuance.RequestedBy;
            sods[i] = issuance.SecurityObject ?? throw new ArgumentException("A group insert carries the EF.SOD bytes of every issuance.", nameof(issuances));
        }

        var command = new NpgsqlBatchCommand(
            $"WITH inserted AS (INSERT INTO issuances ({IssuanceColumns}) "
            + "SELECT id, rid, hash, type, lds, uni, alg, dgs::integer[], key, obj, sha, at, exp, by, sod "
            + "FROM unnest(@id, @rid, @hash, @type, @lds, @uni, @alg, @dgs, @key, @obj, @sha, @at, @exp, @by, @sod) "
            + "AS g(id, rid, hash, type, lds, uni, alg, dgs, key, obj, sha, at, exp, by, sod) RETURNING credential_id) "
            + "INSERT INTO archive_queue (credential_id) SELECT credential_id FROM inserted");
        command.Parameters.AddWithValue("id", ids);
        command.Parameters.AddWithValue("rid", requestIds);
        command.Parameters.AddWithValue("hash", NpgsqlDbType.Array | NpgsqlDbType.Bytea, hashes);
        command.Parameters.AddWithValue("type", types);
        command.Parameters.AddWithValue("lds", ldsVersions);
        command.Parameters.AddWithValue("uni", unicodeVersions);
        command.Parameters.AddWithValue("alg", algorithms);
        command.Parameters.AddWithValue("dgs", NpgsqlDbType.Array | NpgsqlDbType.Text, dataGroups);
        command.Parameters.AddWithValue("key", keys);
        command.Parameters.AddWithValue("obj", objectKeys);
        command.Parameters.AddWithValue("sha", sha256);
        command.Parameters.AddWithValue("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, signedAt);
        command.Parameters.AddWithValue("exp", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, expiresAt);
        command.Parameters.AddWithValue("by", requestedBy);
        command.Parameters.AddWithValue("sod", NpgsqlDbType.Array | NpgsqlDbType.Bytea, sods);
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { command, alongside } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    // ---- archive queue (EF.SOD bytes to S3) ----

    /// <summary>
    /// Claims up to <paramref name="limit"/> queued issuances, oldest credential_id (UUIDv7) first, with their bytes: their
    /// queue rows are deleted in this transaction (rows another archiver holds are skipped), so a rollback puts them
    /// back. Rows a binary predating V0007 flagged <c>archive_pending</c> are moved into the queue first.
    /// </summary>
    public static async Task<IReadOnlyList<(Guid CredentialId, string ObjectKey, byte[] SecurityObject)>> ClaimUnarchivedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int limit, CancellationToken cancellationToken)
    {
        await using (var legacy = new NpgsqlCommand(
            "WITH legacy AS (UPDATE issuances SET archive_pending = false WHERE archive_pending RETURNING credential_id) "
            + "INSERT INTO archive_queue (credential_id) SELECT credential_id FROM legacy ON CONFLICT DO NOTHING",
            connection,
            transaction))
        {
            await legacy.ExecuteNonQueryAsync(cancellationToken);
        }

        // Two statements, each by primary key: joined in one, the planner cannot know how few rows the claim returns and
        // scans all of issuances.
        var ids = new List<Guid>();
        await using (var claim = new NpgsqlCommand(
            "DELETE FROM archive_queue WHERE credential_id = ANY (ARRAY("
            + "SELECT credential_id FROM archive_queue ORDER BY credential_id LIMIT @limit FOR UPDATE SKIP LOCKED)) RETURNING credential_id",
            connection,
            transaction))
        {
            claim.Parameters.AddWithValue("limit", limit);
            await using var claimed = await claim.ExecuteReaderAsync(cancellationToken);
            while (await claimed.ReadAsync(cancellationToken))
            {
                ids.Add(claimed.GetGuid(0));
            }
        }

        var rows = new List<(Guid, string, byte[])>(ids.Count);
        if (ids.Count == 0)
        {
            return rows;
        }

        await using var command = new NpgsqlCommand(
            "SELECT credential_id, object_key, security_object FROM issuances WHERE credential_id = ANY (@ids) ORDER BY credential_id",
            connection,
            transaction);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(2))
            {
                throw new InvalidOperationException($"Issuance {reader.GetGuid(0)} is queued for the archive without its EF.SOD bytes.");
            }

            rows.Add((reader.GetGuid(0), reader.GetString(1), (byte[])reader[2]));
        }

        if (rows.Count != ids.Count)
        {
            throw new InvalidOperationException($"{ids.Count - rows.Count} queued issuances have no issuance row.");
        }

        return rows;
    }

    /// <summary>Records issuances as archived in the bundle <paramref name="bundleKey"/>, each at its offset and length.</summary>
    public static async Task MarkArchivedAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string bundleKey,
        Guid[] credentialIds,
        int[] offsets,
        int[] lengths,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO archive_entries (credential_id, bundle_key, bundle_offset, length, archived_at) "
            + "SELECT id, @bundle, off, len, @now FROM unnest(@ids, @offs, @lens) AS u(id, off, len)",
            connection,
            transaction);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("bundle", bundleKey);
        command.Parameters.AddWithValue("ids", credentialIds);
        command.Parameters.AddWithValue("offs", offsets);
        command.Parameters.AddWithValue("lens", lengths);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>How many issuances wait for the archiver, and the signing time of the oldest.</summary>
    public async Task<(long Count, DateTimeOffset? Oldest)> CountUnarchivedAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT count(*), min(i.signed_at) FROM archive_queue JOIN issuances AS i USING (credential_id)");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }
}
