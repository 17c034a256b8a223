namespace Credentials.Storage.Migrations;

/// <summary>
/// Schema and source names: lowercase ASCII letters, digits and underscores, starting with a letter or
/// underscore, at most 63 characters (PostgreSQL's identifier limit). They are spliced into SQL as quoted
/// identifiers, so anything else is refused.
/// </summary>
public static class SchemaName
{
    /// <summary>The PostgreSQL identifier length limit (NAMEDATALEN - 1).</summary>
    public const int MaxLength = 63;

    /// <summary>True when <paramref name="name"/> is acceptable.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        if (!(char.IsAsciiLetterLower(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return !name.StartsWith("pg_", StringComparison.Ordinal);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="name"/> is not acceptable.</summary>
    public static void Validate(string? name, string parameterName)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException(
                "A schema or source name is 1-63 lowercase letters, digits or '_', starts with a letter or '_', and does not start with 'pg_'.",
                parameterName);
        }
    }

    /// <summary>The name as a quoted SQL identifier (validated first).</summary>
    public static string Quote(string name)
    {
        Validate(name, nameof(name));
        return "\"" + name + "\"";
    }
}
