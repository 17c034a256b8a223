using Credentials.Contracts.Common.V1;
using Credentials.TrustAnchor.Application;
using Credentials.Storage;
using Credentials.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>
/// Explicit, parameterised SQL over schema <c>trust_anchor</c> (the data source's search_path). Writes join the
/// caller's transaction and every changing transaction bumps <c>store_version</c>; reads use their own connection.
/// </summary>
internal sealed class TrustStoreRepository : ITrustMaterialSource, ITrustStore
{
    /// <summary>ORDER BY of one issuer's CRLs, newest first (see <see cref="InsertCrlAsync"/>).</summary>
    private const string NewestCrlFirst = "this_update DESC, length(crl_number) DESC, crl_number DESC, fingerprint DESC";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresIdempotencyStore _idempotency;

    public TrustStoreRepository(NpgsqlDataSource dataSource, PostgresIdempotencyStore idempotency)
    {
        _dataSource = dataSource;
        _idempotency = idempotency;
    }

    public async Task<TrustStoreImport?> ImportAsync(
        IdempotentRequest request,
        IReadOnlyList<StoredCertificate> certificates,
        IReadOnlyList<StoredCrl> crls,
        DateTimeOffset now,
        Func<TrustStoreImport, byte[]> respond,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(crls);
        ArgumentNullException.ThrowIfNull(respond);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var certificatesAdded = new bool[certificates.Count];
        for (var i = 0; i < certificates.Count; i++)
        {
            certificatesAdded[i] = await UpsertCertificateAsync(connection, transaction, certificates[i], cancellationToken);
        }

        var crlsAdded = new bool[crls.Count];
        for (var i = 0; i < crls.Count; i++)
        {
            crlsAdded[i] = await InsertCrlAsync(connection, transaction, crls[i], now, cancellationToken);
        }

        long? version = certificatesAdded.Contains(true) || crlsAdded.Contains(true) ? await BumpVersionAsync(connection, transaction, cancellationToken) : null;
        var changes = new TrustStoreImport(certificatesAdded, crlsAdded, version);
        if (!await _idempotency.TryRecordAsync(connection, transaction, request, respond(changes), cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        return changes;
    }

    public async Task<AnchorRemoval?> RemoveAnchorAsync(string fingerprint, string removedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var source = await RemoveAnchorAsync(connection, transaction, fingerprint, removedBy, now, cancellationToken);
        if (source is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        var version = await BumpVersionAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AnchorRemoval(source, version);
    }

    public async Task<long> GetVersionAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT version FROM store_version WHERE id = 1");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<TrustMaterial> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        long version;
        await using (var command = new NpgsqlCommand("SELECT version FROM store_version WHERE id = 1", connection, transaction))
        {
            version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        var anchors = new List<byte[]>();
        var signers = new List<byte[]>();
        await using (var command = new NpgsqlCommand(
            "SELECT kind, der FROM certificates WHERE removed_at IS NULL AND kind IN (@csca, @link, @ds, @seal) ORDER BY fingerprint", connection, transaction))
        {
            command.Parameters.AddWithValue("csca", CommonStoredCodes.Csca);
            command.Parameters.AddWithValue("link", CommonStoredCodes.Link);
            command.Parameters.AddWithValue("ds", CommonStoredCodes.DocumentSigner);
            command.Parameters.AddWithValue("seal", CommonStoredCodes.SealSigner);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // Document Signers and seal signers: the signer certificates that what they sign need not embed. Each
                // verifier applies its own role (a seal signer never passes dsc.role, a DSC never signer.role).
                (reader.GetString(0) is CommonStoredCodes.DocumentSigner or CommonStoredCodes.SealSigner ? signers : anchors).Add((byte[])reader[1]);
            }
        }

        var crls = new List<byte[]>();
        await using (var command = new NpgsqlCommand("SELECT der FROM crls WHERE superseded_at IS NULL ORDER BY issuer_key", connection, transaction))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                crls.Add((byte[])reader[0]);
            }
        }

        var revoked = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT fingerprint FROM revocation_notices", connection, transaction))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                revoked.Add(reader.GetString(0));
            }
        }

        var unlisted = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT fingerprint FROM certificates WHERE removed_at IS NULL AND unlisted_at IS NOT NULL ORDER BY fingerprint", connection, transaction))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                unlisted.Add(reader.GetString(0));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new TrustMaterial(version, anchors, signers, crls, revoked, unlisted);
    }

    /// <summary>
    /// Adds a certificate, or lists again one its source had unlisted; true when the store changed. A certificate an
    /// admin removed stays removed (only another explicit admin action could bring it back).
    /// </summary>
    public static async Task<bool> UpsertCertificateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredCertificate certificate, CancellationToken cancellationToken) =>
        await UpsertCertificatesAsync(connection, transaction, [certificate], cancellationToken) > 0;

    /// <summary>
    /// Stores <paramref name="certificates"/> in one statement (distinct fingerprints: a row may change only once per
    /// statement). A certificate already stored is left as it is, except that one its source had unlisted is listed
    /// again; one removed by an operator stays removed. Returns how many rows were inserted or listed again.
    /// </summary>
    public static async Task<int> UpsertCertificatesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredCertificate> certificates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        if (certificates.Count == 0)
        {
            return 0;
        }

        await using var command = new NpgsqlCommand(
            "INSERT INTO certificates (fingerprint, kind, country, subject, issuer, serial_number, subject_key_identifier, authority_key_identifier, "
            + "not_before, not_after, der, source, added_at) "
            + "SELECT * FROM unnest(@fp, @kind, @country, @subject, @issuer, @serial, @ski, @aki, @nb, @na, @der, @source, @now) "
            + "ON CONFLICT (fingerprint) DO UPDATE SET unlisted_at = NULL WHERE certificates.unlisted_at IS NOT NULL AND certificates.removed_at IS NULL",
            connection,
            transaction);
        command.Parameters.Add(Column("fp", NpgsqlDbType.Text, certificates, c => c.Fingerprint));
        command.Parameters.Add(Column("kind", NpgsqlDbType.Text, certificates, c => CommonStoredCodes.Code(c.Kind)));
        command.Parameters.Add(Column("country", NpgsqlDbType.Text, certificates, c => c.Country));
        command.Parameters.Add(Column("subject", NpgsqlDbType.Text, certificates, c => c.Subject));
        command.Parameters.Add(Column("issuer", NpgsqlDbType.Text, certificates, c => c.Issuer));
        command.Parameters.Add(Column("serial", NpgsqlDbType.Text, certificates, c => c.SerialNumber));
        command.Parameters.Add(Column("ski", NpgsqlDbType.Bytea, certificates, c => c.SubjectKeyIdentifier));
        command.Parameters.Add(Column("aki", NpgsqlDbType.Bytea, certificates, c => c.AuthorityKeyIdentifier));
        command.Parameters.Add(Column("nb", NpgsqlDbType.TimestampTz, certificates, c => c.NotBefore));
        command.Parameters.Add(Column("na", NpgsqlDbType.TimestampTz, certificates, c => c.NotAfter));
        command.Parameters.Add(Column("der", NpgsqlDbType.Bytea, certificates, c => c.Der));
        command.Parameters.Add(Column("source", NpgsqlDbType.Text, certificates, c => c.Source));
        command.Parameters.Add(Column("now", NpgsqlDbType.TimestampTz, certificates, c => c.AddedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Column<T>(string name, NpgsqlDbType type, IReadOnlyList<StoredCertificate> rows, Func<StoredCertificate, T> value) =>
        new(name, NpgsqlDbType.Array | type) { Value = rows.Select(value).ToArray() };

    /// <summary>
    /// Marks certificates <paramref name="source"/> no longer lists as unlisted (kept, still used for verification,
    /// reported as a warning); only certificates that came from that source — never a manual import or our own csca's.
    /// Returns how many changed.
    /// </summary>
    public static async Task<int> MarkUnlistedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string source, IReadOnlyCollection<string> fingerprints, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (fingerprints.Count == 0)
        {
            return 0;
        }

        await using var command = new NpgsqlCommand(
            "UPDATE certificates SET unlisted_at = @now WHERE fingerprint = ANY(@fps) AND source = @source AND unlisted_at IS NULL AND removed_at IS NULL",
            connection,
            transaction);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("fps", fingerprints.ToArray());
        command.Parameters.AddWithValue("source", source);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Removes a CSCA or link certificate from verification (RemoveTrustAnchor, an explicit admin action); the row is
    /// kept for the record. Returns the certificate's source, or null when no such anchor is stored (or it is already removed).
    /// </summary>
    public static async Task<string?> RemoveAnchorAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string fingerprint, string removedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE certificates SET removed_at = @now, removed_by = @by WHERE fingerprint = @fp AND kind IN " + CommonStoredCodes.LineageKindsSql + " AND removed_at IS NULL RETURNING source",
            connection,
            transaction);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("by", removedBy);
        command.Parameters.AddWithValue("fp", fingerprint);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// Adds a CRL; the newest (by thisUpdate) CRL of an issuer is its current one and older ones are marked superseded.
    /// True when the store changed.
    /// </summary>
    public static async Task<bool> InsertCrlAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredCrl crl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO crls (fingerprint, issuer, authority_key_identifier, issuer_key, country, crl_number, this_update, next_update, revoked_count, der, source, added_at) "
            + "VALUES (@fp, @issuer, @aki, @key, @country, @number, @tu, @nu, @count, @der, @source, @now) ON CONFLICT (fingerprint) DO NOTHING",
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("fp", crl.Fingerprint);
            insert.Parameters.AddWithValue("issuer", crl.Issuer);
            insert.Parameters.Add(new NpgsqlParameter("aki", NpgsqlDbType.Bytea) { Value = (object?)crl.AuthorityKeyIdentifier ?? DBNull.Value });
            insert.Parameters.AddWithValue("key", crl.IssuerKey);
            insert.Parameters.AddWithValue("country", crl.Country);
            insert.Parameters.AddWithValue("number", crl.CrlNumber);
            insert.Parameters.AddWithValue("tu", crl.ThisUpdate);
            insert.Parameters.Add(new NpgsqlParameter("nu", NpgsqlDbType.TimestampTz) { Value = crl.NextUpdate is { } next ? next : DBNull.Value });
            insert.Parameters.AddWithValue("count", crl.RevokedCount);
            insert.Parameters.AddWithValue("der", crl.Der);
            insert.Parameters.AddWithValue("source", crl.Source);
            insert.Parameters.AddWithValue("now", now);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        // Exactly one current CRL per issuer: the newest thisUpdate; two CRLs of one second (thisUpdate has whole
        // seconds) are ordered by cRLNumber, which RFC 5280 §5.2.3 makes monotonically increasing per issuer
        // (minimal big-endian hex: a longer number is larger); then the larger fingerprint, so the choice is deterministic.
        await using var supersede = new NpgsqlCommand(
            $"WITH newest AS (SELECT fingerprint FROM crls WHERE issuer_key = @key ORDER BY {NewestCrlFirst} LIMIT 1) "
            + "UPDATE crls SET superseded_at = CASE WHEN fingerprint = (SELECT fingerprint FROM newest) THEN NULL ELSE COALESCE(superseded_at, @now) END "
            + "WHERE issuer_key = @key",
            connection,
            transaction);
        supersede.Parameters.AddWithValue("key", crl.IssuerKey);
        supersede.Parameters.AddWithValue("now", now);
        await supersede.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    /// <summary>Records a <c>certificate.revoked</c> notice; true when new.</summary>
    public static async Task<bool> InsertRevocationNoticeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string fingerprint, string serialNumber, string issuer, RevocationReason reason, DateTimeOffset revokedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO revocation_notices (fingerprint, serial_number, issuer, reason, revoked_at, received_at) VALUES (@fp, @serial, @issuer, @reason, @at, @now) "
            + "ON CONFLICT (fingerprint) DO NOTHING",
            connection,
            transaction);
        command.Parameters.AddWithValue("fp", fingerprint);
        command.Parameters.AddWithValue("serial", serialNumber);
        command.Parameters.AddWithValue("issuer", issuer);
        command.Parameters.AddWithValue("reason", CommonStoredCodes.Code(reason));
        command.Parameters.AddWithValue("at", revokedAt);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The source of a CSCA or link certificate an admin removed; null when there is none.</summary>
    public async Task<string?> GetRemovedAnchorSourceAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT source FROM certificates WHERE fingerprint = @fp AND kind IN " + CommonStoredCodes.LineageKindsSql + " AND removed_at IS NOT NULL");
        command.Parameters.AddWithValue("fp", fingerprint);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Raises the store version (in the caller's transaction) and returns the new value.</summary>
    public static async Task<long> BumpVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("UPDATE store_version SET version = version + 1 WHERE id = 1 RETURNING version", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A page of anchors (CSCA and link certificates), ordered by country, notBefore, fingerprint.</summary>
    public async Task<IReadOnlyList<StoredAnchor>> ListAnchorsAsync(AnchorQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = _dataSource.CreateCommand(
            "SELECT c.der, c.kind, c.source, c.added_at, l.der, c.unlisted_at FROM certificates c "
            + "LEFT JOIN LATERAL (SELECT r.der FROM crls r WHERE r.superseded_at IS NULL AND c.subject_key_identifier IS NOT NULL "
            + "AND r.issuer_key = encode(c.subject_key_identifier, 'hex') ORDER BY r.this_update DESC, length(r.crl_number) DESC, r.crl_number DESC LIMIT 1) l ON true "
            + "WHERE c.removed_at IS NULL AND c.kind IN " + CommonStoredCodes.LineageKindsSql + " "
            + "AND (@country::text IS NULL OR c.country = @country) AND (@kind::text IS NULL OR c.kind = @kind) "
            + "AND (@fp::text IS NULL OR c.fingerprint = @fp) "
            + "ORDER BY c.country, c.not_before, c.fingerprint OFFSET @offset LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter("country", NpgsqlDbType.Text) { Value = (object?)query.Country ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = query.Kind is { } k ? CommonStoredCodes.Code(k) : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("fp", NpgsqlDbType.Text) { Value = (object?)query.Fingerprint ?? DBNull.Value });
        command.Parameters.AddWithValue("offset", query.Offset);
        command.Parameters.AddWithValue("limit", query.Limit);
        var result = new List<StoredAnchor>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new StoredAnchor(
                (byte[])reader[0], CommonStoredCodes.CertificateKindOf(reader.GetString(1)), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : (byte[])reader[4],
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return result;
    }
}
