using System.Text;

namespace Credentials.Icao9303.Lds.DataGroups;

/// <summary>
/// DG12, additional document details (Doc 9303 Part 10 section 4.7.12): <c>6C L { 5C tag list, 5F19 issuing authority,
/// 5F26 date of issue (YYYYMMDD), A0 other persons, 5F1B endorsements, 5F1C tax/exit requirements, 5F1D image of front,
/// 5F1E image of rear, 5F55 personalization time (YYYYMMDDhhmmss), 5F56 personalization device serial }</c>.
/// </summary>
public sealed class DataGroup12
{
    /// <summary>Creates DG12 from text elements keyed by their two-byte tag (e.g. 0x5F19).</summary>
    public DataGroup12(IReadOnlyDictionary<int, string> textElements)
    {
        ArgumentNullException.ThrowIfNull(textElements);
        Elements = textElements.OrderBy(kv => kv.Key)
            .Select(kv => (kv.Key, (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(kv.Value)))
            .ToList();
    }

    private DataGroup12(List<(int, ReadOnlyMemory<byte>)> elements)
    {
        Elements = elements;
    }

    /// <summary>Every element in file order (tag such as 0x5F0E, value).</summary>
    public IReadOnlyList<(int Tag, ReadOnlyMemory<byte> Value)> Elements { get; }

    /// <summary>0x5F19 issuing authority.</summary>
    public string? IssuingAuthority => Text(0x5F19);

    /// <summary>0x5F26 date of issue YYYYMMDD.</summary>
    public string? DateOfIssue => Text(0x5F26);

    /// <summary>0x5F55 date and time of personalization.</summary>
    public string? PersonalizationTime => Text(0x5F55);

    /// <summary>0x5F56 serial number of the personalization system.</summary>
    public string? PersonalizationDeviceSerial => Text(0x5F56);

    /// <summary>0x5F1D binary element, if present.</summary>
    public ReadOnlyMemory<byte>? FrontImage => Element(0x5F1D);

    /// <summary>0x5F1E binary element, if present.</summary>
    public ReadOnlyMemory<byte>? RearImage => Element(0x5F1E);

    /// <summary>Decodes DG12: tag list first, then the elements it lists.</summary>
    /// <exception cref="Icao9303FormatException">Reason <c>lds.dg12</c>.</exception>
    public static DataGroup12 Decode(ReadOnlyMemory<byte> file)
    {
        const string reason = "lds.dg12";
        var elements = LdsTlv.ReadAll(LdsTlv.Single(file, 0x6C, reason, "DG12"), reason);
        if (elements.Count == 0 || elements[0].Tag != 0x5C)
        {
            throw new Icao9303FormatException(reason, "DG12 does not start with its 5C tag list.");
        }

        return new DataGroup12(elements.Skip(1).ToList());
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

        return LdsTlv.Wrap(0x6C, [.. content]);
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
