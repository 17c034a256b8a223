using Credentials.Dtc.Application;
using Npgsql;

namespace Credentials.Dtc.Infrastructure;

/// <summary>Explicit, parameterised SQL over <c>dtc.signer_keys</c> (the data source's search_path).</summary>
internal sealed class DtcSignerKeyRepository : IDtcSignerKeyStore
{
    private const string Columns = "key_label, certificate_der, certificate_sha256, serial_number, private_key_usage_not_after, created_at";

    private readonly NpgsqlDataSource _dataSource;

    public DtcSignerKeyRepository(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    public async Task<DtcSignerKey?> FindActiveAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {Columns} FROM signer_keys WHERE retired_at IS NULL AND private_key_usage_not_after > @at ORDER BY created_at DESC LIMIT 1");
        command.Parameters.AddWithValue("at", at);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new DtcSignerKey
        {
            KeyLabel = reader.GetString(0),
            CertificateDer = (byte[])reader[1],
            CertificateSha256 = reader.GetString(2),
            SerialNumber = reader.GetString(3),
            PrivateKeyUsageNotAfter = reader.GetFieldValue<DateTimeOffset>(4),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
        };
    }

    public async Task InsertAsync(DtcSignerKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var command = _dataSource.CreateCommand($"INSERT INTO signer_keys ({Columns}) VALUES (@label, @der, @sha, @serial, @usage, @created)");
        command.Parameters.AddWithValue("label", key.KeyLabel);
        command.Parameters.AddWithValue("der", key.CertificateDer);
        command.Parameters.AddWithValue("sha", key.CertificateSha256);
        command.Parameters.AddWithValue("serial", key.SerialNumber);
        command.Parameters.AddWithValue("usage", key.PrivateKeyUsageNotAfter);
        command.Parameters.AddWithValue("created", key.CreatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RetireAsync(string keyLabel, DateTimeOffset at, string reason, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE signer_keys SET retired_at = @at, retired_reason = @reason WHERE key_label = @label AND retired_at IS NULL");
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("label", keyLabel);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
