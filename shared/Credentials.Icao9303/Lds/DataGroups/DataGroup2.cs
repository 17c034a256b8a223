using System.Buffers.Binary;
using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Lds.DataGroups;

/// <summary>
/// DG2, encoded face (Doc 9303 Part 10 section 4.7.2; ISO/IEC 7816-11 biometric templates, ISO/IEC 19794-5:2005 record):
/// <code>
/// 75 { 7F61 { 02 number of instances, 7F60 { A1 { 80 ICAO header version, 81 biometric type 02 (face),
///     87 format owner, 88 format type }, 5F2E biometric data block } ... } }
/// biometric data block = 'FAC\0' '010\0' recordLength(4) numberOfFaces(2),
///     per face: blockLength(4) featurePoints(2) gender eyes hair mask(3) expression(2) pose(3) poseUncertainty(3),
///     featurePoint(8)*n, faceImageType imageDataType width(2) height(2) colourSpace sourceType deviceType(2) quality(2), image
/// </code>
/// </summary>
public sealed class DataGroup2
{
    private static readonly Asn1Tag GroupTemplate = new(TagClass.Application, 0x61, true);
    private static readonly Asn1Tag InformationTemplate = new(TagClass.Application, 0x60, true);
    private static readonly Asn1Tag HeaderTemplate = new(TagClass.ContextSpecific, 1, true);
    private static readonly Asn1Tag DataBlock = new(TagClass.Application, 0x2E);
    private static readonly Asn1Tag DataBlockConstructed = new(TagClass.Application, 0x2E, true);
    private const int MaxFaces = 8;

    /// <summary>Creates DG2 with the given faces.</summary>
    public DataGroup2(IEnumerable<FaceImage> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        Faces = faces.ToList();
    }

    /// <summary>The faces.</summary>
    public IReadOnlyList<FaceImage> Faces { get; }

    /// <summary>Decodes DG2.</summary>
    /// <exception cref="Icao9303FormatException">Reason <c>lds.dg2</c>.</exception>
    public static DataGroup2 Decode(ReadOnlyMemory<byte> file)
    {
        const string reason = "lds.dg2";
        var template = LdsFile.Open(file, LdsFile.DataGroupTag(2), reason, "DG2");
        return Asn1Decoding.Decode(reason, "DG2", () =>
        {
            var group = template.ReadSequence(GroupTemplate);
            Asn1Decoding.EnsureEnd(template, reason, "DG2");
            var count = Asn1Decoding.ReadSmallInteger(group, reason, "number of instances");
            if (count is < 1 or > MaxFaces)
            {
                throw new Icao9303FormatException(reason, $"DG2 declares {count} biometric instances.");
            }

            var faces = new List<FaceImage>();
            for (var i = 0; i < count; i++)
            {
                var info = group.ReadSequence(InformationTemplate);
                var header = info.ReadSequence(HeaderTemplate);
                int owner = 0x0101, type = 0x0008;
                while (header.HasData)
                {
                    var tag = header.PeekTag();
                    var value = header.ReadOctetString(tag);
                    if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 7 && value.Length == 2)
                    {
                        owner = BinaryPrimitives.ReadUInt16BigEndian(value);
                    }
                    else if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 8 && value.Length == 2)
                    {
                        type = BinaryPrimitives.ReadUInt16BigEndian(value);
                    }
                }

                var blockTag = info.PeekTag();
                byte[] block = blockTag.IsConstructed ? info.ReadOctetString(DataBlockConstructed) : info.ReadOctetString(DataBlock);
                Asn1Decoding.EnsureEnd(info, reason, "biometric information template");
                faces.AddRange(ParseRecord(block, owner, type));
            }

            Asn1Decoding.EnsureEnd(group, reason, "biometric information group template");
            return new DataGroup2(faces);
        });
    }

    /// <summary>DER encoding: one biometric information template per face, ISO/IEC 19794-5 record with no feature points.</summary>
    public byte[] Encode() => LdsFile.Wrap(LdsFile.DataGroupTag(2), w =>
    {
        using (w.PushSequence(GroupTemplate))
        {
            w.WriteInteger(Faces.Count);
            foreach (var face in Faces)
            {
                using (w.PushSequence(InformationTemplate))
                {
                    using (w.PushSequence(HeaderTemplate))
                    {
                        w.WriteOctetString([0x01, 0x01], new Asn1Tag(TagClass.ContextSpecific, 0));
                        w.WriteOctetString([0x02], new Asn1Tag(TagClass.ContextSpecific, 1));
                        w.WriteOctetString([(byte)(face.FormatOwner >> 8), (byte)face.FormatOwner], new Asn1Tag(TagClass.ContextSpecific, 7));
                        w.WriteOctetString([(byte)(face.FormatType >> 8), (byte)face.FormatType], new Asn1Tag(TagClass.ContextSpecific, 8));
                    }

                    w.WriteOctetString(BuildRecord(face), DataBlock);
                }
            }
        }
    });

    private static List<FaceImage> ParseRecord(byte[] block, int owner, int type)
    {
        const string reason = "lds.dg2.face-record";
        if (block.Length < 14 || block[0] != 'F' || block[1] != 'A' || block[2] != 'C' || block[3] != 0)
        {
            throw new Icao9303FormatException(reason, "The biometric data block is not an ISO/IEC 19794-5 facial record.");
        }

        var recordLength = BinaryPrimitives.ReadUInt32BigEndian(block.AsSpan(8));
        var faces = BinaryPrimitives.ReadUInt16BigEndian(block.AsSpan(12));
        if (recordLength != block.Length || faces is 0 or > MaxFaces)
        {
            throw new Icao9303FormatException(reason, $"Facial record length {recordLength} or face count {faces} does not match the block of {block.Length} bytes.");
        }

        var result = new List<FaceImage>();
        var offset = 14;
        for (var i = 0; i < faces; i++)
        {
            if (block.Length - offset < 32)
            {
                throw new Icao9303FormatException(reason, "Facial record is truncated.");
            }

            var blockLength = BinaryPrimitives.ReadUInt32BigEndian(block.AsSpan(offset));
            var points = BinaryPrimitives.ReadUInt16BigEndian(block.AsSpan(offset + 4));
            var imageInfo = offset + 20 + (8 * points);
            if (blockLength > (uint)(block.Length - offset) || imageInfo + 12 > offset + blockLength)
            {
                throw new Icao9303FormatException(reason, "Facial information block length is impossible.");
            }

            var dataType = block[imageInfo + 1];
            if (dataType > 1)
            {
                throw new Icao9303FormatException(reason, $"Image data type {dataType} is neither JPEG nor JPEG 2000.");
            }

            var imageStart = imageInfo + 12;
            var imageEnd = offset + (int)blockLength;
            result.Add(new FaceImage
            {
                Gender = block[offset + 6],
                EyeColour = block[offset + 7],
                HairColour = block[offset + 8],
                FeaturePointCount = points,
                FaceImageType = block[imageInfo],
                ImageDataType = (FaceImageDataType)dataType,
                Width = BinaryPrimitives.ReadUInt16BigEndian(block.AsSpan(imageInfo + 2)),
                Height = BinaryPrimitives.ReadUInt16BigEndian(block.AsSpan(imageInfo + 4)),
                ImageData = block.AsMemory(imageStart, imageEnd - imageStart),
                FormatOwner = owner,
                FormatType = type,
            });
            offset = imageEnd;
        }

        if (offset != block.Length)
        {
            throw new Icao9303FormatException(reason, "Facial record has trailing bytes.");
        }

        return result;
    }

    private static byte[] BuildRecord(FaceImage face)
    {
        var blockLength = 20 + 12 + face.ImageData.Length;
        var record = new byte[14 + blockLength];
        "FAC\0010\0"u8.CopyTo(record);
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(8), (uint)record.Length);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(12), 1);
        var o = 14;
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(o), (uint)blockLength);
        record[o + 6] = (byte)face.Gender;
        record[o + 7] = (byte)face.EyeColour;
        record[o + 8] = (byte)face.HairColour;
        var info = o + 20;
        record[info] = (byte)face.FaceImageType;
        record[info + 1] = (byte)face.ImageDataType;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(info + 2), (ushort)face.Width);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(info + 4), (ushort)face.Height);
        face.ImageData.Span.CopyTo(record.AsSpan(info + 12));
        return record;
    }
}
