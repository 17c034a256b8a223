using Credentials.Contracts.Common.V1;
using Google.Protobuf;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.SignerKeys.Postgres;

/// <summary>
/// Explicit, parameterised SQL over <c>signer_keys</c> in the schema of the service (the data source's search_path).
/// Every service that holds signer keys keeps its own table of this one shape, made by its own migrations (so existing
/// rows were converted where they are, and a service's keys never share a table with another's):
/// key_id text PK, key_label text, signer_kind text (<see cref="SignerKeyKinds"/>), state, key_algorithm,
/// signature_scheme text (<see cref="SignerKeyCodes"/>), document_types text[], certificate_fingerprint text,
/// certificate_der bytea, certificate_summary bytea, private_key_usage_not_after, created_at, activated_at, retired_at
/// timestamptz, retired_reason text, request_id text.
/// The static methods join a caller's transaction (a key stored together with the service's own rows).
/// </summary>
public sealed class PostgresSignerKeyRepository : ISignerKeyRepository
{
    private const string Columns =
        "key_id, key_label, signer_kind, state, key_algorithm, signature_scheme, document_types, certificate_fingerprint, certificate_der, "
        + "certificate_summary, private_key_usage_not_after, created_at, activated_at, retired_at, retired_reason, request_id";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresSignerKeyRepository(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    public async Task<IReadOnlyList<SignerKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ListAsync(connection, null, forUpdate: false, cancellationToken);
    }

    /// <summary>Every key, newest first; with <paramref name="forUpdate"/> their rows stay locked until the transaction ends.</summary>
    public static async Task<IReadOnlyList<SignerKeyRecord>> ListAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM signer_keys ORDER BY created_at DESC, key_id DESC" + (forUpdate ? " FOR UPDATE" : string.Empty), connection, transaction);
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<SignerKeyRecord>> ListPageAsync(
        SignerKeyStatus? status, string documentType, SignerKeyKind? kind, (DateTimeOffset CreatedAt, string KeyId)? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {Columns} FROM signer_keys WHERE (@state = '' OR state = @state) AND (@type = '' OR @type = ANY (document_types)) "
            + "AND (@kind = '' OR signer_kind = @kind) "
            + "AND (@after_at IS NULL OR (created_at, key_id) < (@after_at, @after_id)) ORDER BY created_at DESC, key_id DESC LIMIT @limit");
        command.Parameters.AddWithValue("state", status is { } s ? SignerKeyCodes.ToCode(s) : string.Empty);
        command.Parameters.AddWithValue("type", documentType);
        command.Parameters.AddWithValue("kind", kind is { } k ? SignerKeyKinds.ToCode(k) : string.Empty);
        command.Parameters.AddWithValue("after_at", NpgsqlDbType.TimestampTz, after is { } a ? a.CreatedAt : DBNull.Value);
        command.Parameters.AddWithValue("after_id", NpgsqlDbType.Text, after is { } b ? b.KeyId : DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    public async Task InsertAsync(SignerKeyRecord key, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await InsertAsync(connection, null, key, cancellationToken);
    }

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SignerKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var command = new NpgsqlCommand(
            $"INSERT INTO signer_keys ({Columns}) VALUES (@id, @label, @kind, @state, @alg, @scheme, @types, @fp, @der, @summary, @pkup, @created, @activated, @retired, @reason, @rid)",
            connection,
            transaction);
        command.Parameters.AddWithValue("id", key.KeyId);
        command.Parameters.AddWithValue("label", key.KeyLabel);
        command.Parameters.AddWithValue("kind", SignerKeyKinds.ToCode(key.Kind));
        command.Parameters.AddWithValue("state", SignerKeyCodes.ToCode(key.Status));
        command.Parameters.AddWithValue("alg", SignerKeyCodes.ToCode(key.KeyAlgorithm));
        command.Parameters.AddWithValue("scheme", SignerKeyCodes.ToCode(key.SignatureScheme));
        command.Parameters.AddWithValue("types", key.DocumentTypes.ToArray());
        command.Parameters.AddWithValue("fp", key.CertificateFingerprint);
        command.Parameters.AddWithValue("der", key.CertificateDer);
        command.Parameters.AddWithValue("summary", key.Certificate.ToByteArray());
        command.Parameters.AddWithValue("pkup", key.PrivateKeyUsageNotAfter);
        command.Parameters.AddWithValue("created", key.CreatedAt);
        command.Parameters.AddWithValue("activated", NpgsqlDbType.TimestampTz, key.ActivatedAt is { } at ? at : DBNull.Value);
        command.Parameters.AddWithValue("retired", NpgsqlDbType.TimestampTz, key.RetiredAt is { } rt ? rt : DBNull.Value);
        command.Parameters.AddWithValue("reason", key.RetiredReason);
        command.Parameters.AddWithValue("rid", key.RequestId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SignerKeyTransition>> TransitionAsync(
        Func<IReadOnlyList<SignerKeyRecord>, IReadOnlyList<SignerKeyTransition>> plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var keys = await ListAsync(connection, transaction, forUpdate: true, cancellationToken);
        var transitions = plan(keys);
        foreach (var transition in transitions)
        {
            await ApplyAsync(connection, transaction, transition, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return transitions;
    }

    /// <summary>Moves a key to ACTIVE or RETIRED, stamping the matching time (and a retirement's reason).</summary>
    private static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SignerKeyTransition transition, CancellationToken cancellationToken)
    {
        var sql = transition.To switch
        {
            SignerKeyStatus.Active => "UPDATE signer_keys SET state = @state, activated_at = @at WHERE key_id = @id",
            SignerKeyStatus.Retired => "UPDATE signer_keys SET state = @state, retired_at = @at, retired_reason = @reason WHERE key_id = @id",
            _ => throw new ArgumentException("A key moves to ACTIVE or RETIRED only.", nameof(transition)),
        };
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("state", SignerKeyCodes.ToCode(transition.To));
        command.Parameters.AddWithValue("at", transition.At);
        command.Parameters.AddWithValue("reason", transition.Reason);
        command.Parameters.AddWithValue("id", transition.KeyId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<SignerKeyRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var keys = new List<SignerKeyRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new SignerKeyRecord
            {
                KeyId = reader.GetString(0),
                KeyLabel = reader.GetString(1),
                Kind = SignerKeyKinds.FromCode(reader.GetString(2)),
                Status = SignerKeyCodes.StatusFromCode(reader.GetString(3)),
                KeyAlgorithm = SignerKeyCodes.AlgorithmFromCode(reader.GetString(4)),
                SignatureScheme = SignerKeyCodes.SchemeFromCode(reader.GetString(5)),
                DocumentTypes = reader.GetFieldValue<string[]>(6),
                CertificateFingerprint = reader.GetString(7),
                CertificateDer = reader.GetFieldValue<byte[]>(8),
                Certificate = Certificate.Parser.ParseFrom(reader.GetFieldValue<byte[]>(9)),
                PrivateKeyUsageNotAfter = reader.GetFieldValue<DateTimeOffset>(10),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(11),
                ActivatedAt = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                RetiredAt = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
                RetiredReason = reader.GetString(14),
                RequestId = reader.GetString(15),
            });
        }

        return keys;
    }
}
