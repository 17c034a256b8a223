using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Lds;

/// <summary>
/// Reading and writing of the flat "tag list + tagged elements" templates of DG11, DG12 and EF.COM
/// (Doc 9303 Part 10 sections 4.6.1, 4.7.11, 4.7.12): <c>5C</c> lists the tags present, then each element follows.
/// </summary>
internal static class LdsElements
{
    public static readonly Asn1Tag TagList = new(TagClass.Application, 0x1C);
    private const int MaxElements = 64;

    /// <summary>Reads every element of a template (tag number with class → raw value for primitives, encoded TLV for constructed).</summary>
    public static List<(Asn1Tag Tag, ReadOnlyMemory<byte> Value)> Read(AsnReader template, string reason)
    {
        var elements = new List<(Asn1Tag, ReadOnlyMemory<byte>)>();
        while (template.HasData)
        {
            if (elements.Count >= MaxElements)
            {
                throw new Icao9303FormatException(reason, $"More than {MaxElements} elements.");
            }

            var tag = template.PeekTag();
            elements.Add(tag.IsConstructed ? (tag, template.ReadEncodedValue()) : (tag, template.ReadOctetString(tag)));
        }

        return elements;
    }

    /// <summary>Tag bytes as they appear in a 5C tag list (one or two bytes each).</summary>
    public static byte[] TagBytes(Asn1Tag tag)
    {
        var buffer = new byte[4];
        var length = tag.Encode(buffer);
        return buffer[..length];
    }

    /// <summary>Writes 5C with the tags of <paramref name="elements"/> followed by the elements.</summary>
    public static void Write(AsnWriter writer, IEnumerable<(Asn1Tag Tag, ReadOnlyMemory<byte> Value)> elements)
    {
        var list = elements.ToList();
        writer.WriteOctetString(list.SelectMany(e => TagBytes(e.Tag)).ToArray(), TagList);
        foreach (var (tag, value) in list)
        {
            if (tag.IsConstructed)
            {
                writer.WriteEncodedValue(value.Span);
            }
            else
            {
                writer.WriteOctetString(value.Span, tag);
            }
        }
    }

    public static Asn1Tag App(int number) => new(TagClass.Application, number);

    public static string? Text(List<(Asn1Tag Tag, ReadOnlyMemory<byte> Value)> elements, int applicationNumber)
    {
        foreach (var (tag, value) in elements)
        {
            if (tag.TagClass == TagClass.Application && tag.TagValue == applicationNumber && !tag.IsConstructed)
            {
                return System.Text.Encoding.UTF8.GetString(value.Span);
            }
        }

        return null;
    }

    public static void EnsureDone(AsnReader reader, string reason, string what) => Asn1Decoding.EnsureEnd(reader, reason, what);
}
