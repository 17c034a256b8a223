using System.Buffers.Binary;

namespace Credentials.Icao9303.Lds;

/// <summary>
/// ISO/IEC 7816-4 BER-TLV as the LDS uses it (Doc 9303 Part 10 section 4.4): unlike strict X.690, ICAO writes tags
/// below 31 in two-byte form (5F01, 5F0E, 5F19...), which <see cref="System.Formats.Asn1.AsnReader"/> rejects.
/// This reader handles 1-3 byte tags and definite lengths up to 4 bytes, checked against the remaining input.
/// </summary>
internal static class LdsTlv
{
    private const int MaxElements = 64;

    /// <summary>Reads consecutive TLVs from <paramref name="data"/> (tag as big-endian int, value slice).</summary>
    public static List<(int Tag, ReadOnlyMemory<byte> Value)> ReadAll(ReadOnlyMemory<byte> data, string reason)
    {
        var result = new List<(int, ReadOnlyMemory<byte>)>();
        var offset = 0;
        var span = data.Span;
        while (offset < span.Length)
        {
            if (result.Count >= MaxElements)
            {
                throw new Icao9303FormatException(reason, $"More than {MaxElements} elements.");
            }

            var tag = (int)span[offset++];
            if ((tag & 0x1F) == 0x1F)
            {
                var count = 0;
                do
                {
                    if (offset >= span.Length || ++count > 2)
                    {
                        throw new Icao9303FormatException(reason, "Truncated or oversized tag.");
                    }

                    tag = (tag << 8) | span[offset];
                }
                while ((span[offset++] & 0x80) != 0);
            }

            if (offset >= span.Length)
            {
                throw new Icao9303FormatException(reason, "Missing length.");
            }

            int length = span[offset++];
            if (length > 0x80)
            {
                var bytes = length & 0x7F;
                if (bytes > 4 || offset + bytes > span.Length)
                {
                    throw new Icao9303FormatException(reason, "Impossible length field.");
                }

                var value = 0u;
                for (var i = 0; i < bytes; i++)
                {
                    value = (value << 8) | span[offset++];
                }

                if (value > int.MaxValue)
                {
                    throw new Icao9303FormatException(reason, "Length too large.");
                }

                length = (int)value;
            }
            else if (length == 0x80)
            {
                throw new Icao9303FormatException(reason, "Indefinite length is not allowed here.");
            }

            if (length > span.Length - offset)
            {
                throw new Icao9303FormatException(reason, $"Element 0x{tag:X} declares {length} bytes, only {span.Length - offset} remain.");
            }

            result.Add((tag, data.Slice(offset, length)));
            offset += length;
        }

        return result;
    }

    /// <summary>Appends one TLV with a DER-style minimal length.</summary>
    public static void Write(List<byte> output, int tag, ReadOnlySpan<byte> value)
    {
        if (tag > 0xFFFF)
        {
            output.Add((byte)(tag >> 16));
        }

        if (tag > 0xFF)
        {
            output.Add((byte)(tag >> 8));
        }

        output.Add((byte)tag);
        if (value.Length < 0x80)
        {
            output.Add((byte)value.Length);
        }
        else
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
            var skip = 0;
            while (length[skip] == 0)
            {
                skip++;
            }

            output.Add((byte)(0x80 | (4 - skip)));
            output.AddRange(length[skip..].ToArray());
        }

        output.AddRange(value.ToArray());
    }

    /// <summary>Reads a whole file that must be exactly one TLV with <paramref name="tag"/>; returns its value.</summary>
    public static ReadOnlyMemory<byte> Single(ReadOnlyMemory<byte> file, int tag, string reason, string what)
    {
        Asn1.Asn1Decoding.CheckSize(file.Span, reason, what, LdsFile.MaxFileLength);
        var elements = ReadAll(file, reason);
        if (elements.Count != 1 || elements[0].Tag != tag)
        {
            throw new Icao9303FormatException(reason, $"{what} is not a single 0x{tag:X2} template (or has trailing data).");
        }

        return elements[0].Value;
    }

    /// <summary>Wraps <paramref name="content"/> in one TLV.</summary>
    public static byte[] Wrap(int tag, ReadOnlySpan<byte> content)
    {
        var output = new List<byte>(content.Length + 8);
        Write(output, tag, content);
        return [.. output];
    }

    /// <summary>Tag bytes for a 5C tag list.</summary>
    public static IEnumerable<byte> TagBytes(int tag) =>
        tag > 0xFF ? [(byte)(tag >> 8), (byte)tag] : [(byte)tag];
}
