using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Lds.DataGroups;

/// <summary>DG7, displayed signature or usual mark (Doc 9303 Part 10 section 4.7.7): <c>67 { 02 count, 5F43 image ... }</c>.</summary>
public sealed class DataGroup7
{
    private static readonly Asn1Tag ImageTag = new(TagClass.Application, 0x43);

    /// <summary>Creates DG7.</summary>
    public DataGroup7(IEnumerable<ReadOnlyMemory<byte>> images) => Images = images.ToList();

    /// <summary>The images (typically JPEG).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Images { get; }

    /// <summary>Decodes DG7.</summary>
    /// <exception cref="Icao9303FormatException">Reason <c>lds.dg7</c>.</exception>
    public static DataGroup7 Decode(ReadOnlyMemory<byte> file)
    {
        var template = LdsFile.Open(file, LdsFile.DataGroupTag(7), "lds.dg7", "DG7");
        return Asn1Decoding.Decode("lds.dg7", "DG7", () =>
        {
            var count = Asn1Decoding.ReadSmallInteger(template, "lds.dg7", "number of images");
            if (count is < 1 or > 8)
            {
                throw new Icao9303FormatException("lds.dg7", $"DG7 declares {count} images.");
            }

            var images = new List<ReadOnlyMemory<byte>>();
            for (var i = 0; i < count; i++)
            {
                images.Add(template.ReadOctetString(ImageTag));
            }

            Asn1Decoding.EnsureEnd(template, "lds.dg7", "DG7");
            return new DataGroup7(images);
        });
    }

    /// <summary>DER encoding.</summary>
    public byte[] Encode() => LdsFile.Wrap(LdsFile.DataGroupTag(7), w =>
    {
        w.WriteInteger(Images.Count);
        foreach (var image in Images)
        {
            w.WriteOctetString(image.Span, ImageTag);
        }
    });
}
