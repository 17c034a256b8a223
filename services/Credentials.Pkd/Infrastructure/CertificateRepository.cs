using System.Runtime.CompilerServices;
using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Crypto;
using Credentials.Pkd.Application;
using Credentials.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// The <c>certificates</c> table: every CSCA, link, Master List Signer and Document Signer certificate pkd has seen,
/// keyed by fingerprint, with its kind (a <see cref="CommonStoredCodes"/> code), verification state and listing state.
/// </summary>
internal sealed class CertificateRepository : ICertificateStore
{
    private const string CopyColumns =
        "fingerprint, kind, country, subject, issuer, serial_number, subject_key_identifier, authority_key_identifier, "
        + "not_before, not_after, object_key, der, verified, lint_findings, first_source_id, first_seen_at, updated_at";

    private readonly PkdSession _session;

    public CertificateRepository(PkdSession session)
    {
        _session = session;
    }

    /// <summary>Stored state (verified, removed) of the given fingerprints.</summary>
    public async Task<Dictionary<string, (bool Verified, bool Removed)>> GetStatesAsync(
        IReadOnlyList<string> fingerprints, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, (bool, bool)>(StringComparer.Ordinal);
        if (fingerprints.Count == 0)
        {
            return states;
        }

        await using var command = _session.CreateCommand(
            "SELECT fingerprint, verified, removed FROM certificates WHERE fingerprint = ANY(@fingerprints)");
        command.Parameters.AddWithValue("fingerprints", fingerprints.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states[reader.GetString(0)] = (reader.GetBoolean(1), reader.GetBoolean(2));
        }

        return states;
    }

    /// <summary>
    /// Inserts new certificates with one binary COPY (one round trip, no per-row statement). The caller holds the
    /// writers' lock and has checked the fingerprints are absent (<see cref="GetStatesAsync"/>).
    /// </summary>
    public async Task InsertAsync(
        IReadOnlyList<CertificateItem> items, string objectKey, string sourceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        await using var importer = await _session.BeginBinaryImportAsync($"COPY certificates ({CopyColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var item in items)
        {
            var parts = item.Parts;
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(item.Fingerprint, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(CommonStoredCodes.Code(item.Kind), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(item.Country, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(ContractMapping.NameOf(parts.Subject), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(ContractMapping.NameOf(parts.Issuer), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(Convert.ToHexStringLower(parts.SerialNumber.Span), NpgsqlDbType.Text, cancellationToken);
            await WriteBytesOrNullAsync(importer, parts.SubjectKeyIdentifier, cancellationToken);
            await WriteBytesOrNullAsync(importer, parts.AuthorityKeyIdentifier, cancellationToken);
            await importer.WriteAsync(parts.NotBefore, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(parts.NotAfter, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(objectKey, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(parts.Encoded.ToArray(), NpgsqlDbType.Bytea, cancellationToken);
            await importer.WriteAsync(item.Verified, NpgsqlDbType.Boolean, cancellationToken);
            await importer.WriteAsync(ContractMapping.FindingsToJson(item.LintFindings), NpgsqlDbType.Jsonb, cancellationToken);
            await importer.WriteAsync(sourceId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Marks stored certificates verified and listed again.</summary>
    public async Task ReinstateAsync(IReadOnlyList<string> fingerprints, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (fingerprints.Count == 0)
        {
            return;
        }

        await using var command = _session.CreateCommand(
            "UPDATE certificates SET verified = true, removed = false, updated_at = @now WHERE fingerprint = ANY(@fps)");
        command.Parameters.AddWithValue("fps", fingerprints.ToArray());
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Verified CSCA and link certificates of a State (every generation, removed ones included).</summary>
    public async Task<IReadOnlyList<X509CertificateParts>> GetAuthoritiesAsync(string country, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand("SELECT der FROM certificates WHERE kind = ANY(@kinds) AND verified AND country = @country ORDER BY fingerprint");
        command.Parameters.AddWithValue("kinds", CommonStoredCodes.Codes([CertificateKind.Csca, CertificateKind.Link]));
        command.Parameters.AddWithValue("country", country);
        var result = new List<X509CertificateParts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(X509CertificateParts.Decode(reader.GetFieldValue<byte[]>(0)));
        }

        return result;
    }

    public async Task<IReadOnlyList<StoredCertificateRow>> ListAsync(CertificateListFilter filter, int limit, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
            "SELECT c.fingerprint, c.kind, c.country, c.der, c.verified, c.lint_findings::text, c.first_seen_at, c.updated_at, c.removed, "
            + "ARRAY(SELECT DISTINCT i.source_id FROM artifact_items i WHERE i.item_kind = @certificate AND i.fingerprint = c.fingerprint ORDER BY 1) "
            + "FROM certificates c WHERE (@countries::text[] IS NULL OR c.country = ANY(@countries)) AND (@kinds::text[] IS NULL OR c.kind = ANY(@kinds)) "
            + "AND (@fp::text IS NULL OR c.fingerprint = @fp) AND (@since::timestamptz IS NULL OR c.updated_at >= @since) "
            + "AND (@source::text IS NULL OR EXISTS (SELECT 1 FROM artifact_items s WHERE s.item_kind = @certificate AND s.fingerprint = c.fingerprint AND s.source_id = @source)) "
            + "AND (@removed OR NOT c.removed) "
            + "AND (@afterAt::timestamptz IS NULL OR (c.updated_at, c.fingerprint) > (@afterAt, @afterFp)) "
            + "ORDER BY c.updated_at, c.fingerprint LIMIT @limit");
        command.Parameters.AddWithValue("certificate", (short)ItemKind.Certificate);
        command.Parameters.AddWithValue("countries", NpgsqlDbType.Array | NpgsqlDbType.Text, filter.Countries.Count > 0 ? filter.Countries.ToArray() : DBNull.Value);
        command.Parameters.AddWithValue("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text, filter.Kinds.Count > 0 ? CommonStoredCodes.Codes(filter.Kinds) : DBNull.Value);
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
                reader.GetString(0), CommonStoredCodes.CertificateKindOf(reader.GetString(1)), reader.GetString(2), reader.GetFieldValue<byte[]>(3), reader.GetBoolean(4),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetBoolean(8), reader.GetFieldValue<string[]>(9)));
        }

        return rows;
    }

    public async Task<byte[]?> GetDerAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand("SELECT der FROM certificates WHERE fingerprint = @fp");
        command.Parameters.AddWithValue("fp", fingerprint);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <summary>Verified, listed certificates for the LDIF export, streamed in (country, kind, fingerprint) order.</summary>
    public async IAsyncEnumerable<(string Fingerprint, CertificateKind Kind, string Country, byte[] Der)> ExportAsync(
        IReadOnlyList<string> countries, IReadOnlyList<CertificateKind> kinds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
            "SELECT fingerprint, kind, country, der FROM certificates WHERE verified AND NOT removed AND kind = ANY(@kinds) "
            + "AND (@countries::text[] IS NULL OR country = ANY(@countries)) ORDER BY country, kind, fingerprint");
        command.Parameters.AddWithValue("kinds", CommonStoredCodes.Codes(kinds));
        command.Parameters.AddWithValue("countries", NpgsqlDbType.Array | NpgsqlDbType.Text, countries.Count > 0 ? countries.ToArray() : DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), CommonStoredCodes.CertificateKindOf(reader.GetString(1)), reader.GetString(2), reader.GetFieldValue<byte[]>(3));
        }
    }

    private static async Task WriteBytesOrNullAsync(NpgsqlBinaryImporter importer, ReadOnlyMemory<byte>? value, CancellationToken cancellationToken)
    {
        if (value is { } bytes)
        {
            await importer.WriteAsync(bytes.ToArray(), NpgsqlDbType.Bytea, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }
    }
}
