using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Lds;

/// <summary>
/// LDS elementary file tags (Doc 9303 Part 10 section 4.6, table 34) and the shared reading of a file's outer
/// template: exactly one BER-TLV with the expected application tag and nothing after it.
/// </summary>
public static class LdsFile
{
    /// <summary>Maximum size of an LDS file this library reads (DG2/DG3 with images are the largest).</summary>
    public const int MaxFileLength = 4 * 1024 * 1024;

    /// <summary>EF.COM template tag 0x60.</summary>
    public static readonly Asn1Tag EfCom = new(TagClass.Application, 0, true);

    /// <summary>The application tag of DG1..DG16 (0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70).</summary>
    public static Asn1Tag DataGroupTag(int number) => new(TagClass.Application, TagByte(number) & 0x1F, true);

    /// <summary>The first (only) tag byte of DG<paramref name="number"/>.</summary>
    public static byte TagByte(int number) => number switch
    {
        1 => 0x61,
        2 => 0x75,
        3 => 0x63,
        4 => 0x76,
        5 => 0x65,
        6 => 0x66,
        7 => 0x67,
        8 => 0x68,
        9 => 0x69,
        10 => 0x6A,
        11 => 0x6B,
        12 => 0x6C,
        13 => 0x6D,
        14 => 0x6E,
        15 => 0x6F,
        16 => 0x70,
        _ => throw new ArgumentOutOfRangeException(nameof(number), number, "Data groups are numbered 1..16."),
    };

    /// <summary>The data group number of an LDS tag byte, or null.</summary>
    public static int? DataGroupNumberOf(byte tag)
    {
        for (var i = 1; i <= 16; i++)
        {
            if (TagByte(i) == tag)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Opens the template of a data group file (or EF.COM), rejecting wrong tags and trailing data.</summary>
    internal static AsnReader Open(ReadOnlyMemory<byte> file, Asn1Tag tag, string reason, string what)
    {
        var reader = Asn1Decoding.ReadSingle(file, AsnEncodingRules.BER, reason, what);
        return Asn1Decoding.Decode(reason, what, () =>
        {
            if (!reader.PeekTag().HasSameClassAndValue(tag))
            {
                throw new Icao9303FormatException(reason + ".tag", $"{what} does not start with its tag.");
            }

            return reader.ReadSequence(tag);
        });
    }

    /// <summary>Wraps content in the given constructed application tag (DER lengths).</summary>
    internal static byte[] Wrap(Asn1Tag tag, Action<AsnWriter> content)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(tag))
        {
            content(writer);
        }

        return writer.Encode();
    }
}
