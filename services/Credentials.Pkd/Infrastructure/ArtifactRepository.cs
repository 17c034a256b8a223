using Credentials.Pkd.Application;
using Credentials.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// The <c>artifacts</c> and <c>artifact_items</c> tables: which version (content SHA-256) of which artifact of which
/// source was processed how far, and which items it lists. An item no artifact lists any more is marked removed.
/// </summary>
internal sealed class ArtifactRepository : IArtifactStore
{
    private const string ArtifactColumns = "source_id, name, content_sha256, units_done, units_total, completed, has_unverified";

    private readonly PkdSession _session;

    public ArtifactRepository(PkdSession session)
    {
        _session = session;
    }

    public async Task<ArtifactRecord?> GetArtifactAsync(string sourceId, string name, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand($"SELECT {ArtifactColumns} FROM artifacts WHERE source_id = @source AND name = @name");
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadArtifact(reader) : null;
    }

    public async Task<IReadOnlyList<string>> ListArtifactNamesAsync(string sourceId, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand("SELECT name FROM artifacts WHERE source_id = @source ORDER BY name");
        command.Parameters.AddWithValue("source", sourceId);
        return await ReadStringsAsync(command, cancellationToken);
    }

    /// <summary>Object keys of the completed artifacts of the given sources (for the Master List export).</summary>
    public async Task<IReadOnlyList<string>> ListArtifactObjectKeysAsync(IReadOnlyList<string> sourceIds, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand("SELECT object_key FROM artifacts WHERE source_id = ANY(@sources) AND completed ORDER BY source_id, name");
        command.Parameters.AddWithValue("sources", sourceIds.ToArray());
        return await ReadStringsAsync(command, cancellationToken);
    }

    public async Task<long> CountArtifactCertificatesAsync(string sourceId, string name, string sha256, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
            "SELECT count(*) FROM artifact_items WHERE source_id = @source AND name = @name AND content_sha256 = @sha AND item_kind = @kind");
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("sha", sha256);
        command.Parameters.AddWithValue("kind", (short)ItemKind.Certificate);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Starts (or continues) processing of an artifact version: a new content hash resets the progress.</summary>
    public async Task<ArtifactRecord> BeginArtifactVersionAsync(
        string sourceId, string name, string sha256, string objectKey, int unitsTotal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
            "INSERT INTO artifacts (source_id, name, content_sha256, object_key, units_done, units_total, completed, has_unverified, updated_at) "
            + "VALUES (@source, @name, @sha, @key, 0, @total, false, false, @now) "
            + "ON CONFLICT (source_id, name) DO UPDATE SET "
            + "units_done = CASE WHEN artifacts.content_sha256 = excluded.content_sha256 AND NOT artifacts.completed THEN artifacts.units_done ELSE 0 END, "
            + "has_unverified = CASE WHEN artifacts.content_sha256 = excluded.content_sha256 AND NOT artifacts.completed THEN artifacts.has_unverified ELSE false END, "
            + "completed = false, content_sha256 = excluded.content_sha256, object_key = excluded.object_key, units_total = excluded.units_total, updated_at = excluded.updated_at "
            + $"RETURNING {ArtifactColumns}");
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("sha", sha256);
        command.Parameters.AddWithValue("key", objectKey);
        command.Parameters.AddWithValue("total", unitsTotal);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ReadArtifact(reader);
    }

    public async Task AdvanceArtifactAsync(
        string sourceId, string name, int unitsDone, bool completed, bool hasUnverified, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
            "UPDATE artifacts SET units_done = @done, completed = @completed, has_unverified = has_unverified OR @unverified, updated_at = @now "
            + "WHERE source_id = @source AND name = @name");
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("done", unitsDone);
        command.Parameters.AddWithValue("completed", completed);
        command.Parameters.AddWithValue("unverified", hasUnverified);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records that the artifact version lists the items (one statement for all of them).</summary>
    public async Task AddMembershipAsync(
        string sourceId, string name, string sha256, ItemKind kind, IReadOnlyList<string> fingerprints, CancellationToken cancellationToken)
    {
        if (fingerprints.Count == 0)
        {
            return;
        }

        await using var command = _session.CreateCommand(
            "INSERT INTO artifact_items (source_id, name, content_sha256, item_kind, fingerprint) "
            + "SELECT @source, @name, @sha, @kind, f FROM unnest(@fingerprints) AS f ON CONFLICT DO NOTHING");
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
    public async Task<IReadOnlyList<RemovedCertificate>> DropMembershipAsync(
        string sourceId, string name, string? keepSha256, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
            "WITH dropped AS (DELETE FROM artifact_items WHERE source_id = @source AND name = @name AND (@keep::text IS NULL OR content_sha256 <> @keep) "
            + "AND item_kind = @certificate RETURNING fingerprint) "
            + "UPDATE certificates c SET removed = true, updated_at = @now FROM (SELECT DISTINCT fingerprint FROM dropped) d "
            + "WHERE c.fingerprint = d.fingerprint AND NOT c.removed AND NOT EXISTS (SELECT 1 FROM artifact_items i WHERE i.item_kind = @certificate AND i.fingerprint = d.fingerprint "
            + "AND NOT (i.source_id = @source AND i.name = @name AND (@keep::text IS NULL OR i.content_sha256 <> @keep))) "
            + "RETURNING c.fingerprint, c.country, c.kind, c.verified");
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("keep", NpgsqlDbType.Text, (object?)keepSha256 ?? DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("certificate", (short)ItemKind.Certificate);
        var removed = new List<RemovedCertificate>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                removed.Add(new RemovedCertificate(reader.GetString(0), reader.GetString(1), CommonStoredCodes.CertificateKindOf(reader.GetString(2)), reader.GetBoolean(3)));
            }
        }

        await using var others = _session.CreateCommand(
            "DELETE FROM artifact_items WHERE source_id = @source AND name = @name AND (@keep::text IS NULL OR content_sha256 <> @keep)");
        others.Parameters.AddWithValue("source", sourceId);
        others.Parameters.AddWithValue("name", name);
        others.Parameters.AddWithValue("keep", NpgsqlDbType.Text, (object?)keepSha256 ?? DBNull.Value);
        await others.ExecuteNonQueryAsync(cancellationToken);
        if (keepSha256 is null)
        {
            await using var delete = _session.CreateCommand("DELETE FROM artifacts WHERE source_id = @source AND name = @name");
            delete.Parameters.AddWithValue("source", sourceId);
            delete.Parameters.AddWithValue("name", name);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        return removed;
    }

    private static ArtifactRecord ReadArtifact(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetBoolean(5), reader.GetBoolean(6));

    private static async Task<IReadOnlyList<string>> ReadStringsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
