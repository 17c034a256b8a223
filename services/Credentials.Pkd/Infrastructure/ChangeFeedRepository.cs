using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Pkd.V1;
using Credentials.Pkd.Application;
using Credentials.Storage;
using Npgsql;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// The <c>changes</c> table, the ordered delta log behind WatchUpdates. Writers append in the transaction of the
/// change while holding the writers' advisory lock, so sequence numbers become visible in order.
/// </summary>
internal sealed class ChangeFeedRepository : IChangeFeed
{
    /// <summary>Key of the transaction-level advisory lock that serialises store writers (ordered change sequence).</summary>
    public const long WriterLockKey = 0x504B_4430_0001;

    private readonly PkdSession _session;

    public ChangeFeedRepository(PkdSession session)
    {
        _session = session;
    }

    /// <summary>Takes the writers' lock for the rest of the unit of work.</summary>
    public async Task LockWritersAsync(CancellationToken cancellationToken)
    {
        // Another source's unit may hold the lock for a while on a loaded machine: wait for it, not for the default 30 s.
        await using var command = _session.CreateCommand("SELECT pg_advisory_xact_lock(@key)");
        command.CommandTimeout = 600;
        command.Parameters.AddWithValue("key", WriterLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends certificate changes of one type to the change log, in list order (one statement).</summary>
    public async Task AppendCertificateChangesAsync(
        ChangeType changeType, DateTimeOffset now, string sourceId, Guid runId,
        IReadOnlyList<(string Fingerprint, string Country, CertificateKind Kind)> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await using var command = _session.CreateCommand(
            "INSERT INTO changes (change_type, changed_at, source_id, run_id, item_kind, fingerprint, country, certificate_kind) "
            + "SELECT @type, @now, @source, @run, @item, c.fp, c.country, c.kind FROM unnest(@fps, @countries, @kinds) WITH ORDINALITY AS c(fp, country, kind, n) ORDER BY c.n");
        command.Parameters.AddWithValue("type", PkdStoredCodes.Code(changeType));
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("item", (short)ItemKind.Certificate);
        command.Parameters.AddWithValue("fps", changes.Select(c => c.Fingerprint).ToArray());
        command.Parameters.AddWithValue("countries", changes.Select(c => c.Country).ToArray());
        command.Parameters.AddWithValue("kinds", changes.Select(c => CommonStoredCodes.Code(c.Kind)).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends CRL changes (each ADDED or UPDATED) to the change log, in list order (one statement).</summary>
    public async Task AppendCrlChangesAsync(
        DateTimeOffset now, string sourceId, Guid runId,
        IReadOnlyList<(ChangeType Type, string Fingerprint, string Country)> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await using var command = _session.CreateCommand(
            "INSERT INTO changes (change_type, changed_at, source_id, run_id, item_kind, fingerprint, country, certificate_kind) "
            + "SELECT c.type, @now, @source, @run, @item, c.fp, c.country, NULL FROM unnest(@types, @fps, @countries) WITH ORDINALITY AS c(type, fp, country, n) ORDER BY c.n");
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("item", (short)ItemKind.Crl);
        command.Parameters.AddWithValue("types", changes.Select(c => PkdStoredCodes.Code(c.Type)).ToArray());
        command.Parameters.AddWithValue("fps", changes.Select(c => c.Fingerprint).ToArray());
        command.Parameters.AddWithValue("countries", changes.Select(c => c.Country).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> GetMaxSequenceAsync(CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand("SELECT coalesce(max(sequence), 0) FROM changes");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<ChangeRecord>> GetChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
            "SELECT sequence, change_type, changed_at, source_id, item_kind, fingerprint, country, certificate_kind FROM changes WHERE sequence > @after ORDER BY sequence LIMIT @limit");
        command.Parameters.AddWithValue("after", afterSequence);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<ChangeRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ChangeRecord(
                reader.GetInt64(0), PkdStoredCodes.ChangeTypeOf(reader.GetString(1)), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetInt16(4),
                reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? CertificateKind.Unspecified : CommonStoredCodes.CertificateKindOf(reader.GetString(7))));
        }

        return rows;
    }
}
