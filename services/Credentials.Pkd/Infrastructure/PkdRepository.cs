using System.Numerics;
using System.Runtime.CompilerServices;
using Credentials.Icao9303.Crypto;
using Credentials.Pkd.Application;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// Explicit, parameterised SQL over the <c>pkd</c> schema (the data source's search_path). Methods taking a connection
/// and a transaction join the caller's unit of work; the others open their own connection.
/// </summary>
internal sealed class PkdRepository
{
    /// <summary>Key of the transaction-level advisory lock that serialises store writers (ordered change sequence).</summary>
    public const long WriterLockKey = 0x504B_4430_0001;

    private const string RunColumns =
        "run_id, source_id, state, on_demand, full_sync, created_at, started_at, finished_at, certificates_added, certificates_removed, "
        + "certificates_unchanged, crls_added, master_lists_processed, items_rejected, lint_findings, error_reason, error_detail";

    private readonly NpgsqlDataSource _dataSource;

    public PkdRepository(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    // ---- sync runs -------------------------------------------------------------------------------------------------

    /// <summary>Inserts a PENDING run, or returns the source's active (PENDING/RUNNING) run when there is one.</summary>
    public async Task<(SyncRunRecord Run, bool Created)> CreateRunAsync(string sourceId, bool onDemand, bool full, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var runId = Guid.NewGuid();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO sync_runs (run_id, source_id, state, on_demand, full_sync, created_at) VALUES (@id, @source, 1, @onDemand, @full, @now) "
            + "ON CONFLICT (source_id) WHERE state IN (1, 2) DO NOTHING",
            connection))
        {
            insert.Parameters.AddWithValue("id", runId);
            insert.Parameters.AddWithValue("source", sourceId);
            insert.Parameters.AddWithValue("onDemand", onDemand);
            insert.Parameters.AddWithValue("full", full);
            insert.Parameters.AddWithValue("now", now);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return ((await GetRunAsync(runId, cancellationToken))!, true);
            }
        }

        await using var select = new NpgsqlCommand($"SELECT {RunColumns} FROM sync_runs WHERE source_id = @source AND state IN (1, 2)", connection);
        select.Parameters.AddWithValue("source", sourceId);
        var runs = await ReadRunsAsync(select, cancellationToken);
        return runs.Count == 1
            ? (runs[0], false)
            : await CreateRunAsync(sourceId, onDemand, full, now, cancellationToken); // the active run finished meanwhile
    }

    public async Task<SyncRunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {RunColumns} FROM sync_runs WHERE run_id = @id");
        command.Parameters.AddWithValue("id", runId);
        var runs = await ReadRunsAsync(command, cancellationToken);
        return runs.Count == 1 ? runs[0] : null;
    }

    /// <summary>The active run, the last finished run and the last SUCCEEDED run of a source.</summary>
    public async Task<(SyncRunRecord? Current, SyncRunRecord? Last, SyncRunRecord? LastSuccessful)> GetStatusRunsAsync(string sourceId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"(SELECT {RunColumns}, 1 AS slot FROM sync_runs WHERE source_id = @source AND state IN (1, 2) LIMIT 1) "
            + $"UNION ALL (SELECT {RunColumns}, 2 FROM sync_runs WHERE source_id = @source AND state IN (3, 4) ORDER BY finished_at DESC LIMIT 1) "
            + $"UNION ALL (SELECT {RunColumns}, 3 FROM sync_runs WHERE source_id = @source AND state = 3 ORDER BY finished_at DESC LIMIT 1)");
        command.Parameters.AddWithValue("source", sourceId);
        SyncRunRecord? current = null, last = null, successful = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var run = ReadRun(reader);
            switch (reader.GetInt32(17))
            {
                case 1: current = run; break;
                case 2: last = run; break;
                default: successful = run; break;
            }
        }

        return (current, last, successful);
    }

    /// <summary>Start of the source's latest run (any state), for interval schedules.</summary>
    public async Task<DateTimeOffset?> GetLastStartAsync(string sourceId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT max(coalesce(started_at, created_at)) FROM sync_runs WHERE source_id = @source");
        command.Parameters.AddWithValue("source", sourceId);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DateTime time ? new DateTimeOffset(time, TimeSpan.Zero) : value as DateTimeOffset?;
    }

    public async Task MarkRunningAsync(Guid runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("UPDATE sync_runs SET state = 2, started_at = @now WHERE run_id = @id AND state = 1");
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task FinishRunAsync(Guid runId, int state, DateTimeOffset now, string? reason, string? detail, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE sync_runs SET state = @state, finished_at = @now, started_at = coalesce(started_at, @now), error_reason = @reason, error_detail = @detail "
            + "WHERE run_id = @id AND state IN (1, 2)");
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("state", (short)state);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("reason", (object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue("detail", (object?)detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks every PENDING/RUNNING run FAILED (reason INTERRUPTED) and returns them: called at start-up, when
    /// no run of this instance exists yet.</summary>
    public async Task<IReadOnlyList<SyncRunRecord>> FailInterruptedRunsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE sync_runs SET state = 4, finished_at = @now, started_at = coalesce(started_at, @now), error_reason = 'INTERRUPTED', "
            + $"error_detail = 'The service stopped during the run; a new run resumes it.' WHERE state IN (1, 2) RETURNING {RunColumns}");
        command.Parameters.AddWithValue("now", now);
        return await ReadRunsAsync(command, cancellationToken);
    }

    public static async Task AddCountsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid runId, SyncCountsRecord counts, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE sync_runs SET certificates_added = certificates_added + @a, certificates_removed = certificates_removed + @r, "
            + "certificates_unchanged = certificates_unchanged + @u, crls_added = crls_added + @c, master_lists_processed = master_lists_processed + @m, "
            + "items_rejected = items_rejected + @x, lint_findings = lint_findings + @l WHERE run_id = @id",
            connection,
            transaction);
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("a", counts.CertificatesAdded);
        command.Parameters.AddWithValue("r", counts.CertificatesRemoved);
        command.Parameters.AddWithValue("u", counts.CertificatesUnchanged);
        command.Parameters.AddWithValue("c", counts.CrlsAdded);
        command.Parameters.AddWithValue("m", counts.MasterListsProcessed);
        command.Parameters.AddWithValue("x", counts.ItemsRejected);
        command.Parameters.AddWithValue("l", counts.LintFindings);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // ---- artifacts and membership ----------------------------------------------------------------------------------

    public async Task<ArtifactRecord?> GetArtifactAsync(string sourceId, string name, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT source_id, name, content_sha256, units_done, units_total, completed, has_unverified FROM artifacts WHERE source_id = @source AND name = @name");
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ArtifactRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetBoolean(5), reader.GetBoolean(6))
            : null;
    }

    public async Task<IReadOnlyList<string>> ListArtifactNamesAsync(string sourceId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT name FROM artifacts WHERE source_id = @source ORDER BY name");
        command.Parameters.AddWithValue("source", sourceId);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>Object keys of the completed artifacts of the given sources (for the Master List export).</summary>
    public async Task<IReadOnlyList<string>> ListArtifactObjectKeysAsync(IReadOnlyList<string> sourceIds, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT object_key FROM artifacts WHERE source_id = ANY(@sources) AND completed ORDER BY source_id, name");
        command.Parameters.AddWithValue("sources", sourceIds.ToArray());
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public async Task<long> CountArtifactCertificatesAsync(string sourceId, string name, string sha256, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT count(*) FROM artifact_items WHERE source_id = @source AND name = @name AND content_sha256 = @sha AND item_kind = 1");
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("sha", sha256);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task LockWritersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // Another source's unit may hold the lock for a while on a loaded machine: wait for it, not for the default 30 s.
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("key", WriterLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Starts (or continues) processing of an artifact version: a new content hash resets the progress.</summary>
    public static async Task<ArtifactRecord> BeginArtifactVersionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sourceId, string name, string sha256, string objectKey, int unitsTotal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO artifacts (source_id, name, content_sha256, object_key, units_done, units_total, completed, has_unverified, updated_at) "
            + "VALUES (@source, @name, @sha, @key, 0, @total, false, false, @now) "
            + "ON CONFLICT (source_id, name) DO UPDATE SET "
            + "units_done = CASE WHEN artifacts.content_sha256 = excluded.content_sha256 AND NOT artifacts.completed THEN artifacts.units_done ELSE 0 END, "
            + "has_unverified = CASE WHEN artifacts.content_sha256 = excluded.content_sha256 AND NOT artifacts.completed THEN artifacts.has_unverified ELSE false END, "
            + "completed = false, content_sha256 = excluded.content_sha256, object_key = excluded.object_key, units_total = excluded.units_total, updated_at = excluded.updated_at "
            + "RETURNING source_id, name, content_sha256, units_done, units_total, completed, has_unverified",
            connection,
            transaction);
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("sha", sha256);
        command.Parameters.AddWithValue("key", objectKey);
        command.Parameters.AddWithValue("total", unitsTotal);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ArtifactRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetBoolean(5), reader.GetBoolean(6));
    }

    public static async Task AdvanceArtifactAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sourceId, string name, int unitsDone, bool completed, bool hasUnverified, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE artifacts SET units_done = @done, completed = @completed, has_unverified = has_unverified OR @unverified, updated_at = @now "
            + "WHERE source_id = @source AND name = @name",
            connection,
            transaction);
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("done", unitsDone);
        command.Parameters.AddWithValue("completed", completed);
        command.Parameters.AddWithValue("unverified", hasUnverified);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task AddMembershipAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sourceId, string name, string sha256, ItemKind kind, IReadOnlyList<string> fingerprints, CancellationToken cancellationToken)
    {
        if (fingerprints.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            "INSERT INTO artifact_items (source_id, name, content_sha256, item_kind, fingerprint) "
            + "SELECT @source, @name, @sha, @kind, f FROM unnest(@fingerprints) AS f ON CONFLICT DO NOTHING",
            connection,
            transaction);
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("sha", sha256);
        command.Parameters.AddWithValue("kind", (short)kind);
        command.Parameters.AddWithValue("fingerprints", fingerprints.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Drops the membership of every version of the artifact other than <paramref name="keepSha256"/> (all versions when
    /// null, and then the artifact row too), and marks removed the certificates no artifact lists any more.
    /// </summary>
    public static async Task<IReadOnlyList<RemovedCertificate>> DropMembershipAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sourceId, string name, string? keepSha256, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "WITH dropped AS (DELETE FROM artifact_items WHERE source_id = @source AND name = @name AND (@keep::text IS NULL OR content_sha256 <> @keep) "
            + "AND item_kind = 1 RETURNING fingerprint) "
            + "UPDATE certificates c SET removed = true, updated_at = @now FROM (SELECT DISTINCT fingerprint FROM dropped) d "
            + "WHERE c.fingerprint = d.fingerprint AND NOT c.removed AND NOT EXISTS (SELECT 1 FROM artifact_items i WHERE i.item_kind = 1 AND i.fingerprint = d.fingerprint "
            + "AND NOT (i.source_id = @source AND i.name = @name AND (@keep::text IS NULL OR i.content_sha256 <> @keep))) "
            + "RETURNING c.fingerprint, c.country, c.kind, c.verified",
            connection,
            transaction);
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("keep", NpgsqlDbType.Text, (object?)keepSha256 ?? DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        var removed = new List<RemovedCertificate>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                removed.Add(new RemovedCertificate(reader.GetString(0), reader.GetString(1), reader.GetInt16(2), reader.GetBoolean(3)));
            }
        }

        await using var others = new NpgsqlCommand(
            "DELETE FROM artifact_items WHERE source_id = @source AND name = @name AND (@keep::text IS NULL OR content_sha256 <> @keep)", connection, transaction);
        others.Parameters.AddWithValue("source", sourceId);
        others.Parameters.AddWithValue("name", name);
        others.Parameters.AddWithValue("keep", NpgsqlDbType.Text, (object?)keepSha256 ?? DBNull.Value);
        await others.ExecuteNonQueryAsync(cancellationToken);
        if (keepSha256 is null)
        {
            await using var delete = new NpgsqlCommand("DELETE FROM artifacts WHERE source_id = @source AND name = @name", connection, transaction);
            delete.Parameters.AddWithValue("source", sourceId);
            delete.Parameters.AddWithValue("name", name);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        return removed;
    }

    // ---- certificates and CRLs (in the unit transaction) -------------------------------------------------------------

    /// <summary>Stored state (verified, removed) of the given fingerprints.</summary>
    public static async Task<Dictionary<string, (bool Verified, bool Removed)>> GetCertificateStatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> fingerprints, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT fingerprint, verified, removed FROM certificates WHERE fingerprint = ANY(@fingerprints)", connection, transaction);
        command.Parameters.AddWithValue("fingerprints", fingerprints.ToArray());
        var states = new Dictionary<string, (bool, bool)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states[reader.GetString(0)] = (reader.GetBoolean(1), reader.GetBoolean(2));
        }

        return states;
    }

    /// <summary>Inserts new certificates in one round trip (a batch of parameterised INSERTs).</summary>
    public static async Task InsertCertificatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<CertificateItem> items, string objectKey, string sourceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var item in items)
        {
            var parts = item.Parts;
            var command = new NpgsqlBatchCommand(
                "INSERT INTO certificates (fingerprint, kind, country, subject, issuer, serial_number, subject_key_identifier, authority_key_identifier, "
                + "not_before, not_after, object_key, der, verified, lint_findings, first_source_id, first_seen_at, updated_at) VALUES "
                + "(@fp, @kind, @country, @subject, @issuer, @serial, @ski, @aki, @nb, @na, @key, @der, @verified, @lint, @source, @now, @now)");
            command.Parameters.AddWithValue("fp", item.Fingerprint);
            command.Parameters.AddWithValue("kind", (short)item.Kind);
            command.Parameters.AddWithValue("country", item.Country);
            command.Parameters.AddWithValue("subject", ContractMapping.NameOf(parts.Subject));
            command.Parameters.AddWithValue("issuer", ContractMapping.NameOf(parts.Issuer));
            command.Parameters.AddWithValue("serial", Convert.ToHexStringLower(parts.SerialNumber.Span));
            command.Parameters.AddWithValue("ski", NpgsqlDbType.Bytea, parts.SubjectKeyIdentifier is { } ski ? ski.ToArray() : DBNull.Value);
            command.Parameters.AddWithValue("aki", NpgsqlDbType.Bytea, parts.AuthorityKeyIdentifier is { } aki ? aki.ToArray() : DBNull.Value);
            command.Parameters.AddWithValue("nb", parts.NotBefore);
            command.Parameters.AddWithValue("na", parts.NotAfter);
            command.Parameters.AddWithValue("key", objectKey);
            command.Parameters.AddWithValue("der", parts.Encoded.ToArray());
            command.Parameters.AddWithValue("verified", item.Verified);
            command.Parameters.AddWithValue("lint", NpgsqlDbType.Jsonb, ContractMapping.FindingsToJson(item.LintFindings));
            command.Parameters.AddWithValue("source", sourceId);
            command.Parameters.AddWithValue("now", now);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks stored certificates verified and listed again.</summary>
    public static async Task ReinstateCertificatesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> fingerprints, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (fingerprints.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand("UPDATE certificates SET verified = true, removed = false, updated_at = @now WHERE fingerprint = ANY(@fps)", connection, transaction);
        command.Parameters.AddWithValue("fps", fingerprints.ToArray());
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends certificate changes of one type to the change log, in list order (one statement).</summary>
    public static async Task InsertCertificateChangesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int changeType, DateTimeOffset now, string sourceId, Guid runId,
        IReadOnlyList<(string Fingerprint, string Country, int Kind)> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            "INSERT INTO changes (change_type, changed_at, source_id, run_id, item_kind, fingerprint, country, certificate_kind) "
            + "SELECT @type, @now, @source, @run, 1, c.fp, c.country, c.kind FROM unnest(@fps, @countries, @kinds) WITH ORDINALITY AS c(fp, country, kind, n) ORDER BY c.n",
            connection,
            transaction);
        command.Parameters.AddWithValue("type", (short)changeType);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("fps", changes.Select(c => c.Fingerprint).ToArray());
        command.Parameters.AddWithValue("countries", changes.Select(c => c.Country).ToArray());
        command.Parameters.AddWithValue("kinds", changes.Select(c => (short)c.Kind).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Verified state of the given CRL fingerprints.</summary>
    public static async Task<Dictionary<string, bool>> GetCrlStatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> fingerprints, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT fingerprint, verified FROM crls WHERE fingerprint = ANY(@fingerprints)", connection, transaction);
        command.Parameters.AddWithValue("fingerprints", fingerprints.ToArray());
        var states = new Dictionary<string, bool>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states[reader.GetString(0)] = reader.GetBoolean(1);
        }

        return states;
    }

    public static async Task UpsertCrlAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CrlItem item, string objectKey, string sourceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var crl = item.Crl;
        await using var command = new NpgsqlCommand(
            "INSERT INTO crls (fingerprint, country, issuer, authority_key_identifier, issuer_fingerprint, crl_number, this_update, next_update, revoked_count, "
            + "object_key, der, verified, lint_findings, first_source_id, first_seen_at) VALUES "
            + "(@fp, @country, @issuer, @aki, @issuerFp, @number, @this, @next, @revoked, @key, @der, @verified, @lint, @source, @now) "
            + "ON CONFLICT (fingerprint) DO UPDATE SET verified = excluded.verified, issuer_fingerprint = excluded.issuer_fingerprint",
            connection,
            transaction);
        command.Parameters.AddWithValue("fp", item.Fingerprint);
        command.Parameters.AddWithValue("country", item.Country);
        command.Parameters.AddWithValue("issuer", ContractMapping.NameOf(crl.Issuer));
        command.Parameters.AddWithValue("aki", NpgsqlDbType.Bytea, crl.AuthorityKeyIdentifier is { } aki ? aki.ToArray() : DBNull.Value);
        command.Parameters.AddWithValue("issuerFp", NpgsqlDbType.Text, (object?)item.IssuerFingerprint ?? DBNull.Value);
        command.Parameters.AddWithValue("number", ContractMapping.CrlNumberHex(crl));
        command.Parameters.AddWithValue("this", crl.ThisUpdate);
        command.Parameters.AddWithValue("next", NpgsqlDbType.TimestampTz, crl.NextUpdate is { } next ? next : DBNull.Value);
        command.Parameters.AddWithValue("revoked", crl.RevokedCertificates.Count);
        command.Parameters.AddWithValue("key", objectKey);
        command.Parameters.AddWithValue("der", crl.Encoded.ToArray());
        command.Parameters.AddWithValue("verified", item.Verified);
        command.Parameters.AddWithValue("lint", NpgsqlDbType.Jsonb, ContractMapping.FindingsToJson(item.LintFindings));
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Makes a verified CRL the current one of its issuer (same issuer name and AKI) when it is newer than the current
    /// one (greater cRLNumber, else later thisUpdate — RFC 5280 §5.2.3). Returns whether it became current and whether
    /// it replaced a previous current CRL.
    /// </summary>
    public static async Task<(bool Promoted, bool Replaced)> PromoteCrlAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CrlItem item, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(
            "SELECT fingerprint, crl_number, this_update FROM crls WHERE is_current AND verified AND issuer = @issuer "
            + "AND coalesce(authority_key_identifier, ''::bytea) = coalesce(@aki, ''::bytea) AND fingerprint <> @fp",
            connection,
            transaction);
        select.Parameters.AddWithValue("issuer", ContractMapping.NameOf(item.Crl.Issuer));
        select.Parameters.AddWithValue("aki", NpgsqlDbType.Bytea, item.Crl.AuthorityKeyIdentifier is { } aki ? aki.ToArray() : DBNull.Value);
        select.Parameters.AddWithValue("fp", item.Fingerprint);
        var current = new List<(string Fingerprint, string Number, DateTimeOffset ThisUpdate)>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                current.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
            }
        }

        var number = item.Crl.CrlNumber ?? BigInteger.MinusOne;
        foreach (var (_, otherNumber, otherThisUpdate) in current)
        {
            var other = otherNumber.Length == 0 ? BigInteger.MinusOne : new BigInteger(Convert.FromHexString(otherNumber), isUnsigned: false, isBigEndian: true);
            if (other > number || (other == number && otherThisUpdate >= item.Crl.ThisUpdate))
            {
                return (false, false);
            }
        }

        await using var update = new NpgsqlCommand(
            "UPDATE crls SET is_current = (fingerprint = @fp) WHERE fingerprint = @fp OR fingerprint = ANY(@others)", connection, transaction);
        update.Parameters.AddWithValue("fp", item.Fingerprint);
        update.Parameters.AddWithValue("others", current.Select(c => c.Fingerprint).ToArray());
        await update.ExecuteNonQueryAsync(cancellationToken);
        return (true, current.Count > 0);
    }

    public static async Task InsertChangeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int changeType, DateTimeOffset now, string sourceId, Guid runId, ItemKind itemKind,
        string fingerprint, string country, int certificateKind, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO changes (change_type, changed_at, source_id, run_id, item_kind, fingerprint, country, certificate_kind) "
            + "VALUES (@type, @now, @source, @run, @item, @fp, @country, @kind)",
            connection,
            transaction);
        command.Parameters.AddWithValue("type", (short)changeType);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("item", (short)itemKind);
        command.Parameters.AddWithValue("fp", fingerprint);
        command.Parameters.AddWithValue("country", country);
        command.Parameters.AddWithValue("kind", (short)certificateKind);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // ---- reads ---------------------------------------------------------------------------------------------------------

    /// <summary>Verified CSCA and link certificates of a State (every generation, removed ones included).</summary>
    public async Task<IReadOnlyList<X509CertificateParts>> GetAuthoritiesAsync(string country, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT der FROM certificates WHERE kind IN (1, 2) AND verified AND country = @country ORDER BY fingerprint");
        command.Parameters.AddWithValue("country", country);
        var result = new List<X509CertificateParts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(X509CertificateParts.Decode(reader.GetFieldValue<byte[]>(0)));
        }

        return result;
    }

    public async Task<IReadOnlyList<StoredCertificateRow>> ListCertificatesAsync(CertificateListFilter filter, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT c.fingerprint, c.kind, c.country, c.der, c.verified, c.lint_findings::text, c.first_seen_at, c.updated_at, c.removed, "
            + "ARRAY(SELECT DISTINCT i.source_id FROM artifact_items i WHERE i.item_kind = 1 AND i.fingerprint = c.fingerprint ORDER BY 1) "
            + "FROM certificates c WHERE (@countries::text[] IS NULL OR c.country = ANY(@countries)) AND (@kinds::smallint[] IS NULL OR c.kind = ANY(@kinds)) "
            + "AND (@fp::text IS NULL OR c.fingerprint = @fp) AND (@since::timestamptz IS NULL OR c.updated_at >= @since) "
            + "AND (@source::text IS NULL OR EXISTS (SELECT 1 FROM artifact_items s WHERE s.item_kind = 1 AND s.fingerprint = c.fingerprint AND s.source_id = @source)) "
            + "AND (@removed OR NOT c.removed) "
            + "AND (@afterAt::timestamptz IS NULL OR (c.updated_at, c.fingerprint) > (@afterAt, @afterFp)) "
            + "ORDER BY c.updated_at, c.fingerprint LIMIT @limit");
        command.Parameters.AddWithValue("countries", NpgsqlDbType.Array | NpgsqlDbType.Text, filter.Countries.Count > 0 ? filter.Countries.ToArray() : DBNull.Value);
        command.Parameters.AddWithValue("kinds", NpgsqlDbType.Array | NpgsqlDbType.Smallint, filter.Kinds.Count > 0 ? filter.Kinds.Select(k => (short)k).ToArray() : DBNull.Value);
        command.Parameters.AddWithValue("fp", NpgsqlDbType.Text, (object?)filter.Fingerprint ?? DBNull.Value);
        command.Parameters.AddWithValue("since", NpgsqlDbType.TimestampTz, filter.UpdatedSince is { } since ? since : DBNull.Value);
        command.Parameters.AddWithValue("source", NpgsqlDbType.Text, (object?)filter.SourceId ?? DBNull.Value);
        command.Parameters.AddWithValue("removed", filter.IncludeRemoved);
        command.Parameters.AddWithValue("afterAt", NpgsqlDbType.TimestampTz, filter.After is { } after ? after.UpdatedAt : DBNull.Value);
        command.Parameters.AddWithValue("afterFp", NpgsqlDbType.Text, filter.After is { } a ? a.Fingerprint : DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<StoredCertificateRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredCertificateRow(
                reader.GetString(0), reader.GetInt16(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3), reader.GetBoolean(4), reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetBoolean(8), reader.GetFieldValue<string[]>(9)));
        }

        return rows;
    }

    /// <summary>Current verified CRLs matching every given selector.</summary>
    public async Task<IReadOnlyList<StoredCrlRow>> GetCurrentCrlsAsync(
        IReadOnlyList<string>? countries, byte[]? authorityKeyIdentifier, string? issuerFingerprint, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT fingerprint, country, issuer, der FROM crls WHERE is_current AND verified "
            + "AND (@countries::text[] IS NULL OR country = ANY(@countries)) AND (@aki::bytea IS NULL OR authority_key_identifier = @aki) "
            + "AND (@issuerFp::text IS NULL OR issuer_fingerprint = @issuerFp) ORDER BY country, issuer, fingerprint");
        command.Parameters.AddWithValue("countries", NpgsqlDbType.Array | NpgsqlDbType.Text, countries is { Count: > 0 } ? countries.ToArray() : DBNull.Value);
        command.Parameters.AddWithValue("aki", NpgsqlDbType.Bytea, (object?)authorityKeyIdentifier ?? DBNull.Value);
        command.Parameters.AddWithValue("issuerFp", NpgsqlDbType.Text, (object?)issuerFingerprint ?? DBNull.Value);
        var rows = new List<StoredCrlRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredCrlRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3)));
        }

        return rows;
    }

    public async Task<long> GetMaxSequenceAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT coalesce(max(sequence), 0) FROM changes");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<ChangeRecord>> GetChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT sequence, change_type, changed_at, source_id, item_kind, fingerprint, country, certificate_kind FROM changes WHERE sequence > @after ORDER BY sequence LIMIT @limit");
        command.Parameters.AddWithValue("after", afterSequence);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<ChangeRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ChangeRecord(reader.GetInt64(0), reader.GetInt16(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetInt16(4),
                reader.GetString(5), reader.GetString(6), reader.GetInt16(7)));
        }

        return rows;
    }

    public async Task<byte[]?> GetCertificateDerAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT der FROM certificates WHERE fingerprint = @fp");
        command.Parameters.AddWithValue("fp", fingerprint);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<byte[]?> GetCrlDerAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT der FROM crls WHERE fingerprint = @fp");
        command.Parameters.AddWithValue("fp", fingerprint);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <summary>Verified, listed certificates for the LDIF export, streamed in (country, kind, fingerprint) order.</summary>
    public async IAsyncEnumerable<(string Fingerprint, int Kind, string Country, byte[] Der)> ExportCertificatesAsync(
        IReadOnlyList<string> countries, IReadOnlyList<int> kinds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT fingerprint, kind, country, der FROM certificates WHERE verified AND NOT removed AND kind = ANY(@kinds) "
            + "AND (@countries::text[] IS NULL OR country = ANY(@countries)) ORDER BY country, kind, fingerprint");
        command.Parameters.AddWithValue("kinds", kinds.Select(k => (short)k).ToArray());
        command.Parameters.AddWithValue("countries", NpgsqlDbType.Array | NpgsqlDbType.Text, countries.Count > 0 ? countries.ToArray() : DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), reader.GetInt16(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3));
        }
    }

    // ---- idempotency ---------------------------------------------------------------------------------------------------

    public async Task<StoredRequest?> GetRequestAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT operation, request_hash, response FROM requests WHERE request_id = @id");
        command.Parameters.AddWithValue("id", requestId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredRequest(reader.GetString(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2))
            : null;
    }

    /// <summary>Stores a request's response; false when the request_id is already stored.</summary>
    public async Task<bool> TryInsertRequestAsync(string requestId, string operation, byte[] hash, byte[] response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO requests (request_id, operation, request_hash, response, created_at) VALUES (@id, @op, @hash, @response, @now) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue("id", requestId);
        command.Parameters.AddWithValue("op", operation);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("response", response);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<List<SyncRunRecord>> ReadRunsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var runs = new List<SyncRunRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(ReadRun(reader));
        }

        return runs;
    }

    private static SyncRunRecord ReadRun(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetInt16(2),
        reader.GetBoolean(3),
        reader.GetBoolean(4),
        reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        new SyncCountsRecord(reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12), reader.GetInt64(13), reader.GetInt64(14)),
        reader.IsDBNull(15) ? null : reader.GetString(15),
        reader.IsDBNull(16) ? null : reader.GetString(16));
}
