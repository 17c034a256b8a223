// Over ~400 lines on purpose: explicit, parameterised SQL for the five csca tables (cscas, generations, certificates,
// crls, master_lists) with their shared column lists and row readers; each method is one statement.
using RevocationReason = Credentials.Contracts.Common.V1.RevocationReason;
using Credentials.Contracts.Csca.V1;
using Credentials.Csca.Application;
using Credentials.Icao9303.Issuance;
using Credentials.KeyVault;
using Credentials.Storage;
using Credentials.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Csca.Infrastructure;

/// <summary>
/// Explicit, parameterised SQL over schema <c>csca</c> (the data source's search_path). Every write joins the caller's
/// transaction; reads without a transaction use their own connection.
/// </summary>
internal sealed class CscaRepository : ICscaStore
{
    private const string GenerationColumns =
        "g.csca_id, g.generation, g.state, g.key_label, g.key_algorithm, g.signature_kind, g.hash_algorithm, g.certificate_fingerprint, g.created_at, c.der";

    private const string CertificateColumns =
        "fingerprint, serial_number, csca_id, issuer_generation, subject_generation, kind, subject, not_before, not_after, key_label, object_key, der, issued_at, request_id, revoked_at, revocation_reason, invalidity_date";

    private const string CrlColumns = "csca_id, generation, crl_number, this_update, next_update, revoked_count, fingerprint, object_key, der";

    private readonly NpgsqlDataSource _dataSource;
    private readonly IUnitOfWork _unitOfWork;
    private readonly CscaEventWriter _events;
    private readonly PostgresIdempotencyStore _idempotency;

    public CscaRepository(NpgsqlDataSource dataSource, IUnitOfWork unitOfWork, CscaEventWriter events, PostgresIdempotencyStore idempotency)
    {
        _dataSource = dataSource;
        _unitOfWork = unitOfWork;
        _events = events;
        _idempotency = idempotency;
    }

    public Task<TResult> ExecuteAsync<TResult>(
        IReadOnlyList<ObjectContent> objects, Func<ICscaTransaction, CancellationToken, Task<TResult>> body, CancellationToken cancellationToken) =>
        _unitOfWork.ExecuteAsync(objects, (context, ct) => body(new PostgresCscaTransaction(context, _events, _idempotency), ct), cancellationToken);

    // ---- CSCA lineages and generations ----

    public async Task<IReadOnlyList<string>> ListCscaIdsAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT csca_id FROM cscas ORDER BY csca_id LIMIT 2");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<CscaRecord?> GetCscaAsync(string cscaId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT csca_id, country, organization, organizational_unit, common_name, created_at FROM cscas WHERE csca_id = @id");
        command.Parameters.AddWithValue("id", cscaId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new CscaRecord(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5));
    }

    public static async Task InsertCscaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CscaRecord csca, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO cscas (csca_id, country, organization, organizational_unit, common_name, created_at) VALUES (@id, @c, @o, @ou, @cn, @at)", connection, transaction);
        command.Parameters.AddWithValue("id", csca.CscaId);
        command.Parameters.AddWithValue("c", csca.Country);
        command.Parameters.AddWithValue("o", csca.Organization);
        command.Parameters.AddWithValue("ou", (object?)csca.OrganizationalUnit ?? DBNull.Value);
        command.Parameters.AddWithValue("cn", csca.CommonName);
        command.Parameters.AddWithValue("at", csca.CreatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every generation of a lineage, newest first.</summary>
    public async Task<IReadOnlyList<GenerationRecord>> GetGenerationsAsync(string cscaId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await GetGenerationsAsync(connection, null, cscaId, forUpdate: false, cancellationToken);
    }

    /// <summary>Every generation of a lineage, newest first; <paramref name="forUpdate"/> locks the rows.</summary>
    public static async Task<IReadOnlyList<GenerationRecord>> GetGenerationsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string cscaId, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {GenerationColumns} FROM generations g JOIN certificates c ON c.fingerprint = g.certificate_fingerprint "
            + "WHERE g.csca_id = @id ORDER BY g.generation DESC" + (forUpdate ? " FOR UPDATE OF g" : string.Empty),
            connection,
            transaction);
        command.Parameters.AddWithValue("id", cscaId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var generations = new List<GenerationRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            generations.Add(new GenerationRecord(
                reader.GetString(0),
                reader.GetInt32(1),
                CscaStoredCodes.GenerationStateOf(reader.GetString(2)),
                reader.GetString(3),
                (KeyAlgorithm)reader.GetInt32(4),
                (IssuanceSignatureKind)reader.GetInt32(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                (byte[])reader[9]));
        }

        return generations;
    }

    public static async Task InsertGenerationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GenerationRecord generation, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO generations (csca_id, generation, state, key_label, key_algorithm, signature_kind, hash_algorithm, certificate_fingerprint, created_at) "
            + "VALUES (@id, @g, @state, @label, @alg, @kind, @hash, @fp, @at)",
            connection,
            transaction);
        command.Parameters.AddWithValue("id", generation.CscaId);
        command.Parameters.AddWithValue("g", generation.Generation);
        command.Parameters.AddWithValue("state", CscaStoredCodes.Code(generation.State));
        command.Parameters.AddWithValue("label", generation.KeyLabel);
        command.Parameters.AddWithValue("alg", (int)generation.KeyAlgorithm);
        command.Parameters.AddWithValue("kind", (int)generation.SignatureKind);
        command.Parameters.AddWithValue("hash", generation.HashAlgorithm);
        command.Parameters.AddWithValue("fp", generation.CertificateFingerprint);
        command.Parameters.AddWithValue("at", generation.CreatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task SetGenerationStateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string cscaId, int generation, CscaGenerationState state, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("UPDATE generations SET state = @state WHERE csca_id = @id AND generation = @g", connection, transaction);
        command.Parameters.AddWithValue("state", CscaStoredCodes.Code(state));
        command.Parameters.AddWithValue("id", cscaId);
        command.Parameters.AddWithValue("g", generation);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // ---- certificates ----

    public static async Task InsertCertificateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CertificateRecord certificate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO certificates ({CertificateColumns}) VALUES (@fp, @serial, @csca, @ig, @sg, @kind, @subject, @nb, @na, @label, @key, @der, @issued, @rid, NULL, '" + CommonStoredCodes.NoReason + "', NULL)",
            connection,
            transaction);
        command.Parameters.AddWithValue("fp", certificate.Fingerprint);
        command.Parameters.AddWithValue("serial", certificate.SerialNumber);
        command.Parameters.AddWithValue("csca", certificate.CscaId);
        command.Parameters.AddWithValue("ig", certificate.IssuerGeneration);
        command.Parameters.AddWithValue("sg", NpgsqlDbType.Integer, (object?)certificate.SubjectGeneration ?? DBNull.Value);
        command.Parameters.AddWithValue("kind", CommonStoredCodes.Code(certificate.Kind));
        command.Parameters.AddWithValue("subject", certificate.Subject);
        command.Parameters.AddWithValue("nb", certificate.NotBefore);
        command.Parameters.AddWithValue("na", certificate.NotAfter);
        command.Parameters.AddWithValue("label", NpgsqlDbType.Text, (object?)certificate.KeyLabel ?? DBNull.Value);
        command.Parameters.AddWithValue("key", certificate.ObjectKey);
        command.Parameters.AddWithValue("der", certificate.Der);
        command.Parameters.AddWithValue("issued", certificate.IssuedAt);
        command.Parameters.AddWithValue("rid", NpgsqlDbType.Text, (object?)certificate.RequestId ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Finds a certificate by serial number or fingerprint (exactly one of them non-null), locking it when asked.</summary>
    public static async Task<CertificateRecord?> FindCertificateAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string? serialNumber, string? fingerprint, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {CertificateColumns} FROM certificates WHERE " + (serialNumber is not null ? "serial_number = @v" : "fingerprint = @v")
            + (forUpdate ? " FOR UPDATE" : string.Empty),
            connection,
            transaction);
        command.Parameters.AddWithValue("v", serialNumber ?? fingerprint!);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadCertificate(reader) : null;
    }

    public async Task<CertificateRecord?> FindCertificateAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await FindCertificateAsync(connection, null, null, fingerprint, forUpdate: false, cancellationToken);
    }

    public static async Task RevokeCertificateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string fingerprint, DateTimeOffset revokedAt, RevocationReason reason, DateTimeOffset? invalidityDate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE certificates SET revoked_at = @at, revocation_reason = @reason, invalidity_date = @inv WHERE fingerprint = @fp AND revoked_at IS NULL",
            connection,
            transaction);
        command.Parameters.AddWithValue("at", revokedAt);
        command.Parameters.AddWithValue("reason", CommonStoredCodes.Code(reason));
        command.Parameters.AddWithValue("inv", NpgsqlDbType.TimestampTz, (object?)invalidityDate ?? DBNull.Value);
        command.Parameters.AddWithValue("fp", fingerprint);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The revoked certificates a generation's key issued (the entries of its CRL).</summary>
    public static async Task<IReadOnlyList<CertificateRecord>> GetRevokedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string cscaId, int issuerGeneration, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {CertificateColumns} FROM certificates WHERE csca_id = @id AND issuer_generation = @g AND revoked_at IS NOT NULL ORDER BY serial_number",
            connection,
            transaction);
        command.Parameters.AddWithValue("id", cscaId);
        command.Parameters.AddWithValue("g", issuerGeneration);
        return await ReadCertificatesAsync(command, cancellationToken);
    }

    /// <summary>The lineage's CSCA and link certificates, oldest first.</summary>
    public async Task<IReadOnlyList<CertificateRecord>> GetLineageCertificatesAsync(string cscaId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {CertificateColumns} FROM certificates WHERE csca_id = @id AND kind IN " + CommonStoredCodes.LineageKindsSql + " ORDER BY issued_at, fingerprint");
        command.Parameters.AddWithValue("id", cscaId);
        return await ReadCertificatesAsync(command, cancellationToken);
    }

    /// <summary>Master List Signer certificates of a lineage whose key is in the HSM, newest first.</summary>
    public async Task<IReadOnlyList<CertificateRecord>> GetMasterListSignersAsync(string cscaId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {CertificateColumns} FROM certificates WHERE csca_id = @id AND kind = '" + CommonStoredCodes.MasterListSigner + "' AND key_label IS NOT NULL ORDER BY issued_at DESC, fingerprint DESC");
        command.Parameters.AddWithValue("id", cscaId);
        return await ReadCertificatesAsync(command, cancellationToken);
    }

    /// <summary>A page of certificates, newest first, after the cursor (issued_at, fingerprint).</summary>
    public async Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(CertificateFilter filter, int limit, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        await using var command = _dataSource.CreateCommand();
        if (filter.Kinds.Count > 0)
        {
            conditions.Add("kind = ANY(@kinds)");
            // A kind this version does not define matches no row (as its number matched none before V0003).
            command.Parameters.AddWithValue("kinds", filter.Kinds.Where(Enum.IsDefined).Select(CommonStoredCodes.Code).ToArray());
        }

        if (filter.CscaId is not null)
        {
            conditions.Add("csca_id = @csca");
            command.Parameters.AddWithValue("csca", filter.CscaId);
        }

        if (filter.Fingerprint is not null)
        {
            conditions.Add("fingerprint = @fp");
            command.Parameters.AddWithValue("fp", filter.Fingerprint);
        }

        if (filter.SerialNumber is not null)
        {
            conditions.Add("serial_number = @serial");
            command.Parameters.AddWithValue("serial", filter.SerialNumber);
        }

        if (filter.IssuedSince is { } since)
        {
            conditions.Add("issued_at >= @since");
            command.Parameters.AddWithValue("since", since);
        }

        if (filter.Status is { } status)
        {
            command.Parameters.AddWithValue("now", filter.Now);
            conditions.Add(status switch
            {
                CertificateStatusFilter.Revoked => "revoked_at IS NOT NULL",
                CertificateStatusFilter.NotYetValid => "revoked_at IS NULL AND not_before > @now",
                CertificateStatusFilter.Expired => "revoked_at IS NULL AND not_after < @now",
                _ => "revoked_at IS NULL AND not_before <= @now AND not_after >= @now",
            });
        }

        if (filter.After is { } after)
        {
            conditions.Add("(issued_at, fingerprint) < (@afterAt, @afterFp)");
            command.Parameters.AddWithValue("afterAt", after.IssuedAt);
            command.Parameters.AddWithValue("afterFp", after.Fingerprint);
        }

        command.CommandText = $"SELECT {CertificateColumns} FROM certificates"
            + (conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : string.Empty)
            + " ORDER BY issued_at DESC, fingerprint DESC LIMIT @limit";
        command.Parameters.AddWithValue("limit", limit);
        return await ReadCertificatesAsync(command, cancellationToken);
    }

    // ---- CRLs ----

    public static async Task<long> NextCrlNumberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string cscaId, int generation, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT COALESCE(MAX(crl_number), 0) + 1 FROM crls WHERE csca_id = @id AND generation = @g", connection, transaction);
        command.Parameters.AddWithValue("id", cscaId);
        command.Parameters.AddWithValue("g", generation);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task InsertCrlAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CrlRecord crl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO crls ({CrlColumns}, published_at) VALUES (@id, @g, @n, @this, @next, @count, @fp, @key, @der, @now)", connection, transaction);
        command.Parameters.AddWithValue("id", crl.CscaId);
        command.Parameters.AddWithValue("g", crl.Generation);
        command.Parameters.AddWithValue("n", crl.CrlNumber);
        command.Parameters.AddWithValue("this", crl.ThisUpdate);
        command.Parameters.AddWithValue("next", crl.NextUpdate);
        command.Parameters.AddWithValue("count", crl.RevokedCount);
        command.Parameters.AddWithValue("fp", crl.Fingerprint);
        command.Parameters.AddWithValue("key", crl.ObjectKey);
        command.Parameters.AddWithValue("der", crl.Der);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The latest CRL of a generation (or the one numbered <paramref name="crlNumber"/>).</summary>
    public async Task<CrlRecord?> GetCrlAsync(string cscaId, int generation, long? crlNumber, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await GetCrlAsync(connection, null, cscaId, generation, crlNumber, cancellationToken);
    }

    public static async Task<CrlRecord?> GetCrlAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string cscaId, int generation, long? crlNumber, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {CrlColumns} FROM crls WHERE csca_id = @id AND generation = @g"
            + (crlNumber is null ? " ORDER BY crl_number DESC LIMIT 1" : " AND crl_number = @n"),
            connection,
            transaction);
        command.Parameters.AddWithValue("id", cscaId);
        command.Parameters.AddWithValue("g", generation);
        if (crlNumber is { } number)
        {
            command.Parameters.AddWithValue("n", number);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new CrlRecord(
            reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetInt32(5), reader.GetString(6), reader.GetString(7), (byte[])reader[8]);
    }

    /// <summary>Lineages with a non-retired generation whose latest CRL's nextUpdate is before <paramref name="threshold"/>.</summary>
    public async Task<IReadOnlyList<string>> GetCscasWithCrlsDueAsync(DateTimeOffset threshold, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT DISTINCT g.csca_id FROM generations g "
            + "JOIN LATERAL (SELECT next_update FROM crls r WHERE r.csca_id = g.csca_id AND r.generation = g.generation ORDER BY crl_number DESC LIMIT 1) latest ON TRUE "
            + "WHERE g.state <> '" + CscaStoredCodes.Retired + "' AND latest.next_update < @threshold ORDER BY g.csca_id");
        command.Parameters.AddWithValue("threshold", threshold);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    // ---- Master Lists ----

    public static async Task InsertMasterListAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string fingerprint, string cscaId, string signerFingerprint, int count, string objectKey, DateTimeOffset signedAt, string requestId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO master_lists (fingerprint, csca_id, signer_fingerprint, certificate_count, object_key, signed_at, request_id) "
            + "VALUES (@fp, @id, @signer, @count, @key, @at, @rid) ON CONFLICT (fingerprint) DO NOTHING",
            connection,
            transaction);
        command.Parameters.AddWithValue("fp", fingerprint);
        command.Parameters.AddWithValue("id", cscaId);
        command.Parameters.AddWithValue("signer", signerFingerprint);
        command.Parameters.AddWithValue("count", count);
        command.Parameters.AddWithValue("key", objectKey);
        command.Parameters.AddWithValue("at", signedAt);
        command.Parameters.AddWithValue("rid", requestId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<CertificateRecord>> ReadCertificatesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var certificates = new List<CertificateRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            certificates.Add(ReadCertificate(reader));
        }

        return certificates;
    }

    private static CertificateRecord ReadCertificate(NpgsqlDataReader reader) => new()
    {
        Fingerprint = reader.GetString(0),
        SerialNumber = reader.GetString(1),
        CscaId = reader.GetString(2),
        IssuerGeneration = reader.GetInt32(3),
        SubjectGeneration = reader.IsDBNull(4) ? null : reader.GetInt32(4),
        Kind = CommonStoredCodes.CertificateKindOf(reader.GetString(5)),
        Subject = reader.GetString(6),
        NotBefore = reader.GetFieldValue<DateTimeOffset>(7),
        NotAfter = reader.GetFieldValue<DateTimeOffset>(8),
        KeyLabel = reader.IsDBNull(9) ? null : reader.GetString(9),
        ObjectKey = reader.GetString(10),
        Der = (byte[])reader[11],
        IssuedAt = reader.GetFieldValue<DateTimeOffset>(12),
        RequestId = reader.IsDBNull(13) ? null : reader.GetString(13),
        RevokedAt = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
        RevocationReason = reader.IsDBNull(15) ? RevocationReason.Unspecified : CommonStoredCodes.RevocationReasonOf(reader.GetString(15)),
        InvalidityDate = reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
    };
}
