using System.Numerics;
using Credentials.Pkd.Application;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// The <c>crls</c> table: every foreign CRL pkd has seen, whether it verified under its CSCA, and which one is the
/// current CRL of its issuer (issuer name + AKI).
/// </summary>
internal sealed class CrlRepository : ICrlStore
{
    private readonly PkdSession _session;

    public CrlRepository(PkdSession session)
    {
        _session = session;
    }

    /// <summary>Verified state of the given CRL fingerprints.</summary>
    public async Task<Dictionary<string, bool>> GetStatesAsync(IReadOnlyList<string> fingerprints, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (fingerprints.Count == 0)
        {
            return states;
        }

        await using var command = _session.CreateCommand("SELECT fingerprint, verified FROM crls WHERE fingerprint = ANY(@fingerprints)");
        command.Parameters.AddWithValue("fingerprints", fingerprints.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states[reader.GetString(0)] = reader.GetBoolean(1);
        }

        return states;
    }

    /// <summary>Inserts the CRLs, or updates the verification of stored ones, in one round trip.</summary>
    public async Task UpsertAsync(IReadOnlyList<CrlItem> items, string objectKey, string sourceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        await using var batch = _session.CreateBatch();
        foreach (var item in items)
        {
            var crl = item.Crl;
            var command = new NpgsqlBatchCommand(
                "INSERT INTO crls (fingerprint, country, issuer, authority_key_identifier, issuer_fingerprint, crl_number, this_update, next_update, revoked_count, "
                + "object_key, der, verified, lint_findings, first_source_id, first_seen_at) VALUES "
                + "(@fp, @country, @issuer, @aki, @issuerFp, @number, @this, @next, @revoked, @key, @der, @verified, @lint, @source, @now) "
                + "ON CONFLICT (fingerprint) DO UPDATE SET verified = excluded.verified, issuer_fingerprint = excluded.issuer_fingerprint");
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
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Makes each verified CRL, in list order, the current one of its issuer (same issuer name and AKI) when it is newer
    /// than the current one (greater cRLNumber, else later thisUpdate — RFC 5280 §5.2.3). Returns the CRLs that became
    /// current, in order, each with whether it replaced a previous current CRL. Two round trips for the whole list.
    /// </summary>
    public async Task<IReadOnlyList<(CrlItem Item, bool Replaced)>> PromoteAsync(IReadOnlyList<CrlItem> items, CancellationToken cancellationToken)
    {
        var promoted = new List<(CrlItem, bool)>();
        if (items.Count == 0)
        {
            return promoted;
        }

        var current = new Dictionary<string, List<(string Fingerprint, BigInteger Number, DateTimeOffset ThisUpdate)>>(StringComparer.Ordinal);
        await using (var select = _session.CreateCommand(
            "SELECT fingerprint, issuer, coalesce(authority_key_identifier, ''::bytea), crl_number, this_update FROM crls "
            + "WHERE is_current AND verified AND issuer = ANY(@issuers) AND NOT (fingerprint = ANY(@fps))"))
        {
            select.Parameters.AddWithValue("issuers", items.Select(i => ContractMapping.NameOf(i.Crl.Issuer)).Distinct(StringComparer.Ordinal).ToArray());
            select.Parameters.AddWithValue("fps", items.Select(i => i.Fingerprint).ToArray());
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = IssuerKey(reader.GetString(1), reader.GetFieldValue<byte[]>(2));
                var number = reader.GetString(3);
                var parsed = number.Length == 0 ? BigInteger.MinusOne : new BigInteger(Convert.FromHexString(number), isUnsigned: false, isBigEndian: true);
                Slot(current, key).Add((reader.GetString(0), parsed, reader.GetFieldValue<DateTimeOffset>(4)));
            }
        }

        var demoted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = IssuerKey(ContractMapping.NameOf(item.Crl.Issuer), item.Crl.AuthorityKeyIdentifier is { } aki ? aki.ToArray() : []);
            var slot = Slot(current, key);
            var number = item.Crl.CrlNumber ?? BigInteger.MinusOne;
            if (slot.Any(other => other.Number > number || (other.Number == number && other.ThisUpdate >= item.Crl.ThisUpdate)))
            {
                continue;
            }

            promoted.Add((item, slot.Count > 0));
            demoted.UnionWith(slot.Select(s => s.Fingerprint));
            slot.Clear();
            slot.Add((item.Fingerprint, number, item.Crl.ThisUpdate));
        }

        var winners = current.Values.SelectMany(s => s).Select(s => s.Fingerprint).ToHashSet(StringComparer.Ordinal);
        demoted.ExceptWith(winners);
        if (promoted.Count > 0)
        {
            await using var update = _session.CreateCommand(
                "UPDATE crls SET is_current = (fingerprint = ANY(@winners)) WHERE fingerprint = ANY(@winners) OR fingerprint = ANY(@demoted)");
            update.Parameters.AddWithValue("winners", winners.ToArray());
            update.Parameters.AddWithValue("demoted", demoted.ToArray());
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        return promoted;
    }

    /// <summary>Current verified CRLs matching every given selector.</summary>
    public async Task<IReadOnlyList<StoredCrlRow>> GetCurrentAsync(
        IReadOnlyList<string>? countries, byte[]? authorityKeyIdentifier, string? issuerFingerprint, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
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

    public async Task<byte[]?> GetDerAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand("SELECT der FROM crls WHERE fingerprint = @fp");
        command.Parameters.AddWithValue("fp", fingerprint);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    private static string IssuerKey(string issuer, byte[] authorityKeyIdentifier) => issuer + "\n" + Convert.ToHexString(authorityKeyIdentifier);

    private static List<(string Fingerprint, BigInteger Number, DateTimeOffset ThisUpdate)> Slot(
        Dictionary<string, List<(string Fingerprint, BigInteger Number, DateTimeOffset ThisUpdate)>> current, string key)
    {
        if (!current.TryGetValue(key, out var slot))
        {
            slot = [];
            current[key] = slot;
        }

        return slot;
    }
}
