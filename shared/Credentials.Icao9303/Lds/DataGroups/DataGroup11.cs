using System.Text;

namespace Credentials.Icao9303.Lds.DataGroups;

/// <summary>
/// DG11, additional personal details (Doc 9303 Part 10 section 4.7.11): <c>6B L { 5C tag list, 5F0E full name,
/// 5F10 personal number, 5F2B full date of birth (YYYYMMDD), 5F11 place of birth, 5F42 address, 5F12 telephone,
/// 5F13 profession, 5F14 title, 5F15 personal summary, 5F16 proof of citizenship, 5F17 other travel documents,
/// 5F18 custody information, A0 other names }</c>. Text elements are UTF-8; other elements are kept as they are.
/// </summary>
public sealed class DataGroup11
{
    /// <summary>Creates DG11 from text elements keyed by their two-byte tag (e.g. 0x5F0E).</summary>
    public DataGroup11(IReadOnlyDictionary<int, string> textElements)
    {
        ArgumentNullException.ThrowIfNull(textElements);
        Elements = textElements.OrderBy(kv => kv.Key)
            .Select(kv => (kv.Key, (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(kv.Value)))
            .ToList();
    }

    private DataGroup11(List<(int, ReadOnlyMemory<byte>)> elements)
    {
        Elements = elements;
    }

    /// <summary>Every element in file order (tag such as 0x5F0E, value).</summary>
    public IReadOnlyList<(int Tag, ReadOnlyMemory<byte> Value)> Elements { get; }

    /// <summary>0x5F0E full name (primary&lt;&lt;secondary).</summary>
    public string? FullName => Text(0x5F0E);

    /// <summary>0x5F10 personal number.</summary>
    public string? PersonalNumber => Text(0x5F10);

    /// <summary>0x5F2B full date of birth YYYYMMDD.</summary>
    public string? FullDateOfBirth => Text(0x5F2B);

    /// <summary>0x5F11 place of birth.</summary>
    public string? PlaceOfBirth => Text(0x5F11);

    /// <summary>0x5F42 permanent address.</summary>
    public string? Address => Text(0x5F42);

    /// <summary>0x5F13 profession.</summary>
    public string? Profession => Text(0x5F13);


    /// <summary>Decodes DG11: tag list first, then the elements it lists.</summary>
    /// <exception cref="Icao9303FormatException">Reason <c>lds.dg11</c>.</exception>
    public static DataGroup11 Decode(ReadOnlyMemory<byte> file)
    {
        const string reason = "lds.dg11";
        var elements = LdsTlv.ReadAll(LdsTlv.Single(file, 0x6B, reason, "DG11"), reason);
        if (elements.Count == 0 || elements[0].Tag != 0x5C)
        {
            throw new Icao9303FormatException(reason, "DG11 does not start with its 5C tag list.");
        }

        return new DataGroup11(elements.Skip(1).ToList());
    }

    /// <summary>Encoding: 5C tag list, then the elements (ICAO two-byte tags, minimal lengths).</summary>
    public byte[] Encode()
    {
        var content = new List<byte>();
        LdsTlv.Write(content, 0x5C, Elements.SelectMany(e => LdsTlv.TagBytes(e.Tag)).ToArray());
        foreach (var (tag, value) in Elements)
        {
            LdsTlv.Write(content, tag, value.Span);
        }

        return LdsTlv.Wrap(0x6B, [.. content]);
    }

    private ReadOnlyMemory<byte>? Element(int tag)
    {
        foreach (var (t, value) in Elements)
        {
            if (t == tag)
            {
                return value;
            }
        }

        return null;
    }

    private string? Text(int tag) => Element(tag) is { } value ? Encoding.UTF8.GetString(value.Span) : null;
}
