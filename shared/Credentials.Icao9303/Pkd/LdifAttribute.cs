using System.Text;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// One attribute value of an LDIF content record (RFC 2849 <c>attrval-spec</c>):
/// <c>AttributeDescription ":" value-spec</c>, where the value is either a SAFE-STRING (<c>name: text</c>)
/// or base64 (<c>name:: b64</c>). <see cref="IsBase64"/> records which form was read, so that a record
/// written back comes out byte for byte as it was read.
/// </summary>
public sealed class LdifAttribute
{
    public LdifAttribute(string name, ReadOnlyMemory<byte> value, bool isBase64)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Value = value;
        IsBase64 = isBase64;
    }

    /// <summary>Attribute description including options, e.g. <c>userCertificate;binary</c>.</summary>
    public string Name { get; }

    /// <summary>The decoded value (base64 already removed).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>True when the value is (or is to be) written as <c>name:: base64</c>.</summary>
    public bool IsBase64 { get; }

    /// <summary>The value as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Value.Span);

    /// <summary>
    /// Creates an attribute and picks the encoding RFC 2849 requires: base64 for <c>;binary</c> attributes and
    /// for any value that is not a SAFE-STRING (non-ASCII, NUL/CR/LF, leading space, colon or '&lt;', trailing space).
    /// </summary>
    public static LdifAttribute Create(string name, ReadOnlyMemory<byte> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var binary = name.EndsWith(";binary", StringComparison.OrdinalIgnoreCase) || !IsSafeString(value.Span);
        return new LdifAttribute(name, value, binary);
    }

    /// <summary>Creates a text attribute (base64 only when the text is not a SAFE-STRING).</summary>
    public static LdifAttribute Create(string name, string text) => Create(name, Encoding.UTF8.GetBytes(text));

    /// <summary>RFC 2849 SAFE-STRING: SAFE-INIT-CHAR followed by SAFE-CHARs; we also base64 a trailing space.</summary>
    public static bool IsSafeString(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return true;
        }

        var first = value[0];
        if (first is (byte)' ' or (byte)':' or (byte)'<')
        {
            return false;
        }

        if (value[^1] == (byte)' ')
        {
            return false;
        }

        foreach (var b in value)
        {
            if (b is 0 or (byte)'\n' or (byte)'\r' || b > 127)
            {
                return false;
            }
        }

        return true;
    }
}
