using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Credentials.Icao9303.Vds;

/// <summary>
/// The JSON Canonicalization Scheme (RFC 8785), which the VDS-NC technical report prescribes for the signed
/// <c>data</c> member: no whitespace, object members sorted by their UTF-16 code units, strings with the minimal
/// escapes, numbers in the ECMAScript shortest form (RFC 8785 §3.2.2.3). Duplicate member names are rejected.
/// </summary>
public static class CanonicalJson
{
    private const string Reason = "vdsnc.json-invalid";

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>The canonical UTF-8 form of <paramref name="element"/>.</summary>
    /// <exception cref="Icao9303FormatException">Duplicate member names or a number that is not finite (reason <c>vdsnc.json-invalid</c>).</exception>
    public static byte[] Serialize(JsonElement element)
    {
        var text = new StringBuilder(256);
        Write(text, element);
        try
        {
            return StrictUtf8.GetBytes(text.ToString());
        }
        catch (EncoderFallbackException ex)
        {
            throw new Icao9303FormatException(Reason, "A JSON string holds a lone surrogate (RFC 8785 §3.2.2.2 requires valid Unicode).", ex);
        }
    }

    private static void Write(StringBuilder text, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<JsonProperty>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                {
                    if (!names.Add(member.Name))
                    {
                        throw new Icao9303FormatException(Reason, $"Member '{member.Name}' appears twice in one object.");
                    }

                    members.Add(member);
                }

                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                text.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    WriteString(text, members[i].Name);
                    text.Append(':');
                    Write(text, members[i].Value);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    Write(text, item);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(text, element.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(FormatNumber(element.GetDouble()));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }

        text.Append('"');
    }

    /// <summary>ECMAScript Number::toString (ECMA-262 §7.1.12.1) as RFC 8785 §3.2.2.3 requires.</summary>
    internal static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new Icao9303FormatException(Reason, "JSON numbers must be finite.");
        }

        if (value == 0)
        {
            return "0";
        }

        var negative = value < 0;
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);

        // Split the shortest round-trip form into its significant digits and n, where value = 0.digits × 10^n.
        var exponent = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        var mantissa = shortest;
        if (e >= 0)
        {
            exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = shortest[..e];
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot < 0 ? mantissa.Length : dot;
        var allDigits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var leadingZeros = allDigits.Length - allDigits.TrimStart('0').Length;
        var digits = allDigits.Trim('0');
        var n = integerDigits - leadingZeros + exponent;
        var k = digits.Length;

        var text = new StringBuilder(32);
        if (negative)
        {
            text.Append('-');
        }

        if (k <= n && n <= 21)
        {
            text.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            text.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var power = n - 1;
            text.Append(digits[0]);
            if (k > 1)
            {
                text.Append('.').Append(digits, 1, k - 1);
            }

            text.Append('e').Append(power < 0 ? '-' : '+').Append(Math.Abs(power).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
