using System.Globalization;

namespace Credentials.Storage.Migrations;

/// <summary>
/// Parses migration resource names of the form <c>&lt;source&gt;/V&lt;digits&gt;__&lt;name&gt;.sql</c>, e.g.
/// <c>outbox/V0001__outbox_tables.sql</c>.
/// </summary>
public static class MigrationScriptName
{
    private const string Extension = ".sql";

    /// <summary>Parses <paramref name="resourceName"/>; false when it is not a migration of <paramref name="source"/>.</summary>
    public static bool TryParse(string resourceName, string source, out int version, out string name)
    {
        ArgumentNullException.ThrowIfNull(resourceName);
        ArgumentNullException.ThrowIfNull(source);
        version = 0;
        name = string.Empty;
        var prefix = source + "/";
        if (!resourceName.StartsWith(prefix, StringComparison.Ordinal)
            || !resourceName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var file = resourceName.AsSpan(prefix.Length, resourceName.Length - prefix.Length - Extension.Length);
        if (file.Length < 4 || file[0] != 'V')
        {
            return false;
        }

        var separator = file.IndexOf("__", StringComparison.Ordinal);
        if (separator < 2 || separator + 2 >= file.Length)
        {
            return false;
        }

        var digits = file[1..separator];
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1)
        {
            version = 0;
            return false;
        }

        var rest = file[(separator + 2)..];
        foreach (var c in rest)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                version = 0;
                return false;
            }
        }

        name = rest.ToString();
        return true;
    }
}
