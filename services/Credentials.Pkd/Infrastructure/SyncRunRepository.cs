using Credentials.Contracts.Pkd.V1;
using Credentials.Pkd.Application;
using Npgsql;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// The <c>sync_runs</c> table: one row per run of a source, its state (stored as a <see cref="PkdStoredCodes"/> code)
/// and its counters. Counters are added inside the unit of work of the items they count.
/// </summary>
internal sealed class SyncRunRepository : ISyncRunStore
{
    private const string RunColumns =
        "run_id, source_id, state, on_demand, full_sync, created_at, started_at, finished_at, certificates_added, certificates_removed, "
        + "certificates_unchanged, crls_added, master_lists_processed, items_rejected, lint_findings, error_reason, error_detail";

    private const string Active = PkdStoredCodes.ActiveRunStatesSql;

    private readonly PkdSession _session;

    public SyncRunRepository(PkdSession session)
    {
        _session = session;
    }

    /// <summary>Inserts a PENDING run, or returns the source's active (PENDING/RUNNING) run when there is one.</summary>
    public async Task<(SyncRunRecord Run, bool Created)> CreateRunAsync(string sourceId, bool onDemand, bool full, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var runId = Guid.NewGuid();
        await using (var insert = _session.CreateCommand(
            "INSERT INTO sync_runs (run_id, source_id, state, on_demand, full_sync, created_at) VALUES (@id, @source, @state, @onDemand, @full, @now) "
            + $"ON CONFLICT (source_id) WHERE state IN {Active} DO NOTHING"))
        {
            insert.Parameters.AddWithValue("id", runId);
            insert.Parameters.AddWithValue("source", sourceId);
            insert.Parameters.AddWithValue("state", PkdStoredCodes.Code(SyncState.Pending));
            insert.Parameters.AddWithValue("onDemand", onDemand);
            insert.Parameters.AddWithValue("full", full);
            insert.Parameters.AddWithValue("now", now);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return ((await GetRunAsync(runId, cancellationToken))!, true);
            }
        }

        await using var select = _session.CreateCommand($"SELECT {RunColumns} FROM sync_runs WHERE source_id = @source AND state IN {Active}");
        select.Parameters.AddWithValue("source", sourceId);
        var runs = await ReadRunsAsync(select, cancellationToken);
        return runs.Count == 1
            ? (runs[0], false)
            : await CreateRunAsync(sourceId, onDemand, full, now, cancellationToken); // the active run finished meanwhile
    }

    public async Task<SyncRunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand($"SELECT {RunColumns} FROM sync_runs WHERE run_id = @id");
        command.Parameters.AddWithValue("id", runId);
        var runs = await ReadRunsAsync(command, cancellationToken);
        return runs.Count == 1 ? runs[0] : null;
    }

    /// <summary>The active run, the last finished run and the last SUCCEEDED run of a source.</summary>
    public async Task<(SyncRunRecord? Current, SyncRunRecord? Last, SyncRunRecord? LastSuccessful)> GetStatusRunsAsync(string sourceId, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
            $"(SELECT {RunColumns}, 1 AS slot FROM sync_runs WHERE source_id = @source AND state IN {Active} LIMIT 1) "
            + $"UNION ALL (SELECT {RunColumns}, 2 FROM sync_runs WHERE source_id = @source AND state IN {PkdStoredCodes.FinishedRunStatesSql} ORDER BY finished_at DESC LIMIT 1) "
            + $"UNION ALL (SELECT {RunColumns}, 3 FROM sync_runs WHERE source_id = @source AND state = @succeeded ORDER BY finished_at DESC LIMIT 1)");
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("succeeded", PkdStoredCodes.Code(SyncState.Succeeded));
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
        await using var command = _session.CreateCommand("SELECT max(coalesce(started_at, created_at)) FROM sync_runs WHERE source_id = @source");
        command.Parameters.AddWithValue("source", sourceId);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DateTime time ? new DateTimeOffset(time, TimeSpan.Zero) : value as DateTimeOffset?;
    }

    public async Task MarkRunningAsync(Guid runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand("UPDATE sync_runs SET state = @running, started_at = @now WHERE run_id = @id AND state = @pending");
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("running", PkdStoredCodes.Code(SyncState.Running));
        command.Parameters.AddWithValue("pending", PkdStoredCodes.Code(SyncState.Pending));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Ends an active run in <paramref name="state"/> (SUCCEEDED or FAILED).</summary>
    public async Task FinishRunAsync(Guid runId, SyncState state, DateTimeOffset now, string? reason, string? detail, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
            "UPDATE sync_runs SET state = @state, finished_at = @now, started_at = coalesce(started_at, @now), error_reason = @reason, error_detail = @detail "
            + $"WHERE run_id = @id AND state IN {Active}");
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("state", PkdStoredCodes.Code(state));
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("reason", (object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue("detail", (object?)detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks every PENDING/RUNNING run FAILED (reason INTERRUPTED) and returns them: called at start-up, when
    /// no run of this instance exists yet.</summary>
    public async Task<IReadOnlyList<SyncRunRecord>> FailInterruptedRunsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
            "UPDATE sync_runs SET state = @failed, finished_at = @now, started_at = coalesce(started_at, @now), error_reason = 'INTERRUPTED', "
            + $"error_detail = 'The service stopped during the run; a new run resumes it.' WHERE state IN {Active} RETURNING {RunColumns}");
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("failed", PkdStoredCodes.Code(SyncState.Failed));
        return await ReadRunsAsync(command, cancellationToken);
    }

    /// <summary>Adds to the run's counters in the caller's unit of work.</summary>
    public async Task AddCountsAsync(Guid runId, SyncCountsRecord counts, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
            "UPDATE sync_runs SET certificates_added = certificates_added + @a, certificates_removed = certificates_removed + @r, "
            + "certificates_unchanged = certificates_unchanged + @u, crls_added = crls_added + @c, master_lists_processed = master_lists_processed + @m, "
            + "items_rejected = items_rejected + @x, lint_findings = lint_findings + @l WHERE run_id = @id");
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
        PkdStoredCodes.SyncStateOf(reader.GetString(2)),
        reader.GetBoolean(3),
        reader.GetBoolean(4),
        reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        new SyncCountsRecord(reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12), reader.GetInt64(13), reader.GetInt64(14)),
        reader.IsDBNull(15) ? null : reader.GetString(15),
        reader.IsDBNull(16) ? null : reader.GetString(16));
}
