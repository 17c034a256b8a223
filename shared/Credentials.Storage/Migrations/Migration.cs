using System.Security.Cryptography;
using System.Text;

namespace Credentials.Storage.Migrations;

/// <summary>One versioned SQL script. Scripts use unqualified names: the runner sets <c>search_path</c> to the
/// target schema, so a script can be applied in any service's schema.</summary>
public sealed record Migration
{
    public Migration(int version, string name, string sql)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        Version = version;
        Name = name;
        Sql = sql;
        Checksum = ComputeChecksum(sql);
    }

    /// <summary>Version number (from <c>V0001</c>), unique within its source.</summary>
    public int Version { get; }

    /// <summary>Descriptive name (from <c>__name</c>).</summary>
    public string Name { get; }

    /// <summary>The script.</summary>
    public string Sql { get; }

    /// <summary>Lowercase hex SHA-256 of the script with line endings normalised to LF, recorded when applied and
    /// verified on every later run.</summary>
    public string Checksum { get; }

    /// <summary>The checksum rule: SHA-256 over UTF-8 with CRLF and CR turned into LF.</summary>
    public static string ComputeChecksum(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var normalised = sql.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }
}
