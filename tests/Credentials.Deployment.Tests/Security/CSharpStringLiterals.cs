using System.Text;

namespace Credentials.Deployment.Tests.Security;

/// <summary>
/// A small lexer for the string literals of a C# file (regular, verbatim, interpolated and raw, with their
/// interpolation holes), skipping comments and character literals. Enough to read SQL command texts; not a parser.
/// </summary>
internal static class CSharpStringLiterals
{
    public static List<CSharpStringLiteral> Read(string source)
    {
        var result = new List<CSharpStringLiteral>();
        var i = 0;
        while (i < source.Length)
        {
            if (At(source, i, "//"))
            {
                var end = source.IndexOf('\n', i);
                i = end < 0 ? source.Length : end;
                continue;
            }

            if (At(source, i, "/*"))
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? source.Length : end + 2;
                continue;
            }

            if (source[i] == '\'')
            {
                i = SkipCharLiteral(source, i);
                continue;
            }

            if (TryReadString(source, i, out var literal))
            {
                result.Add(literal);
                i = literal.End;
                continue;
            }

            i++;
        }

        return result;
    }

    private static bool TryReadString(string source, int start, out CSharpStringLiteral literal)
    {
        literal = null!;
        var i = start;
        var dollars = 0;
        var verbatim = false;
        while (i < source.Length && (source[i] == '$' || source[i] == '@'))
        {
            if (source[i] == '$')
            {
                dollars++;
            }
            else
            {
                verbatim = true;
            }

            i++;
        }

        if (i >= source.Length || source[i] != '"' || (i > start && start > 0 && IsIdentifierChar(source[start - 1])))
        {
            return false;
        }

        var quotes = 0;
        while (i + quotes < source.Length && source[i + quotes] == '"')
        {
            quotes++;
        }

        if (quotes >= 3)
        {
            var delimiter = new string('"', quotes);
            var bodyStart = i + quotes;
            var close = source.IndexOf(delimiter, bodyStart, StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            var body = source[bodyStart..close];
            literal = new CSharpStringLiteral(start, close + quotes, body, dollars > 0, Holes(body, Math.Max(dollars, 1), dollars > 0));
            return true;
        }

        if (quotes == 2 && !verbatim)
        {
            literal = new CSharpStringLiteral(start, i + 2, string.Empty, dollars > 0, []);
            return true;
        }

        // Regular or verbatim: walk to the closing quote, stepping over escapes and interpolation holes.
        var k = i + 1;
        var holes = new List<string>();
        var text = new StringBuilder();
        while (k < source.Length)
        {
            var c = source[k];
            if (verbatim && c == '"' && k + 1 < source.Length && source[k + 1] == '"')
            {
                text.Append("\"\"");
                k += 2;
                continue;
            }

            if (!verbatim && c == '\\')
            {
                text.Append(source, k, Math.Min(2, source.Length - k));
                k += 2;
                continue;
            }

            if (c == '"')
            {
                break;
            }

            if (dollars > 0 && c == '{')
            {
                if (k + 1 < source.Length && source[k + 1] == '{')
                {
                    text.Append("{{");
                    k += 2;
                    continue;
                }

                var holeEnd = SkipHole(source, k + 1);
                holes.Add(source[(k + 1)..(holeEnd - 1)].Trim());
                text.Append(source, k, holeEnd - k);
                k = holeEnd;
                continue;
            }

            text.Append(c);
            k++;
        }

        literal = new CSharpStringLiteral(start, Math.Min(k + 1, source.Length), text.ToString(), dollars > 0, holes);
        return true;
    }

    /// <summary>Returns the index just past the '}' that closes a hole opened before <paramref name="i"/>.</summary>
    private static int SkipHole(string source, int i)
    {
        var depth = 1;
        while (i < source.Length && depth > 0)
        {
            var c = source[i];
            if (c == '"' || ((c == '$' || c == '@') && i + 1 < source.Length && source[i + 1] == '"'))
            {
                if (TryReadString(source, i, out var nested))
                {
                    i = nested.End;
                    continue;
                }
            }

            if (c == '\'')
            {
                i = SkipCharLiteral(source, i);
                continue;
            }

            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            i++;
        }

        return i;
    }

    private static List<string> Holes(string body, int braces, bool interpolated)
    {
        var holes = new List<string>();
        if (!interpolated)
        {
            return holes;
        }

        var open = new string('{', braces);
        var position = 0;
        while ((position = body.IndexOf(open, position, StringComparison.Ordinal)) >= 0)
        {
            var depth = 1;
            var k = position + braces;
            while (k < body.Length && depth > 0)
            {
                depth += body[k] == '{' ? 1 : body[k] == '}' ? -1 : 0;
                k++;
            }

            holes.Add(body[(position + braces)..(k - 1)].Trim().TrimEnd('}').Trim());
            position = k + braces - 1;
        }

        return holes;
    }

    private static int SkipCharLiteral(string source, int i)
    {
        var k = i + 1;
        while (k < source.Length && source[k] != '\'' && source[k] != '\n')
        {
            k += source[k] == '\\' ? 2 : 1;
        }

        return k + 1;
    }

    private static bool At(string source, int i, string token) => string.CompareOrdinal(source, i, token, 0, token.Length) == 0;

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
