using System.Text;

namespace Credentials.Icao9303.Lds;

/// <summary>
/// EF.COM (Doc 9303 Part 10 section 4.6.1): <c>60 L { 5F01 LDS version "0107", 5F36 Unicode version "040000",
/// 5C tag list of the data groups present }</c>.
/// </summary>
public sealed class EfCom
{
    /// <summary>Creates EF.COM.</summary>
    public EfCom(string ldsVersion, string unicodeVersion, IEnumerable<int> dataGroups)
    {
        LdsVersion = ldsVersion;
        UnicodeVersion = unicodeVersion;
        DataGroups = dataGroups.Order().ToList();
    }

    /// <summary>LDS version, 4 digits (e.g. 0107).</summary>
    public string LdsVersion { get; }

    /// <summary>Unicode version, 6 digits (e.g. 040000).</summary>
    public string UnicodeVersion { get; }

    /// <summary>Data groups listed.</summary>
    public IReadOnlyList<int> DataGroups { get; }

    /// <summary>Decodes EF.COM.</summary>
    /// <exception cref="Icao9303FormatException">Reason <c>lds.ef-com</c>.</exception>
    public static EfCom Decode(ReadOnlyMemory<byte> file)
    {
        const string reason = "lds.ef-com";
        var elements = LdsTlv.ReadAll(LdsTlv.Single(file, 0x60, reason, "EF.COM"), reason);
        if (elements.Count != 3 || elements[0].Tag != 0x5F01 || elements[1].Tag != 0x5F36 || elements[2].Tag != 0x5C)
        {
            throw new Icao9303FormatException(reason, "EF.COM must hold 5F01, 5F36 and 5C in that order.");
        }

        var groups = new List<int>();
        foreach (var tag in elements[2].Value.Span)
        {
            groups.Add(LdsFile.DataGroupNumberOf(tag) ?? throw new Icao9303FormatException(reason, $"Tag 0x{tag:X2} in EF.COM is not a data group."));
        }

        return new EfCom(Encoding.ASCII.GetString(elements[0].Value.Span), Encoding.ASCII.GetString(elements[1].Value.Span), groups);
    }

    /// <summary>Encoding (ICAO two-byte tags, minimal lengths).</summary>
    public byte[] Encode()
    {
        var content = new List<byte>();
        LdsTlv.Write(content, 0x5F01, Encoding.ASCII.GetBytes(LdsVersion));
        LdsTlv.Write(content, 0x5F36, Encoding.ASCII.GetBytes(UnicodeVersion));
        LdsTlv.Write(content, 0x5C, DataGroups.Select(LdsFile.TagByte).ToArray());
        return LdsTlv.Wrap(0x60, [.. content]);
    }
}
