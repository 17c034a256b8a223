using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Credentials.Ledger.Infrastructure;

/// <summary>
/// The connection string the service runs with: the owner's (<c>ConnectionStrings:Postgres</c>) with Username and
/// Password replaced by the writer role's. The password comes from the configured environment variable or, when that
/// is empty, is derived as lowercase hex of HMAC-SHA-256(key = owner password, "credentials.ledger.writer/v1:" + role).
/// </summary>
internal static class LedgerWriterConnection
{
    private const string DerivationLabel = "credentials.ledger.writer/v1:";

    public static string WriterPassword(string ownerConnectionString, string role, string? configuredPassword)
    {
        if (!string.IsNullOrEmpty(configuredPassword))
        {
            return configuredPassword;
        }

        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        if (string.IsNullOrEmpty(owner.Password))
        {
            throw new InvalidOperationException(
                "The ledger writer password is not configured and cannot be derived: the owner connection string has no password.");
        }

        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(owner.Password), Encoding.UTF8.GetBytes(DerivationLabel + role));
        return Convert.ToHexStringLower(mac);
    }

    public static string Build(string ownerConnectionString, string role, string? configuredPassword)
    {
        var builder = new NpgsqlConnectionStringBuilder(ownerConnectionString)
        {
            Username = role,
            Password = WriterPassword(ownerConnectionString, role, configuredPassword),
        };
        return builder.ConnectionString;
    }
}
