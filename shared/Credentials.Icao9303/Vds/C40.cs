using System.Text;

namespace Credentials.Icao9303.Vds;

/// <summary>
/// C40 encoding of alphanumeric VDS fields (Doc 9303 Part 13 §2.4, after ISO/IEC 16022 C40):
/// three characters c1 c2 c3 become one 16-bit value U = 1600·c1 + 40·c2 + c3 + 1 (big-endian); C40 values are
/// space = 3, '0'..'9' = 4..13, 'A'..'Z' = 14..39. The MRZ filler '&lt;' is written as space and read back as '&lt;'.
/// Two trailing characters are padded with the value 0 (shift 1); one trailing character is written as the unlatch
/// byte 0xFE followed by its ASCII code + 1.
/// </summary>
public static class C40
{
    private const string Reason = "vds.c40-invalid";

    /// <summary>Number of bytes the C40 encoding of <paramref name="characters"/> characters takes.</summary>
    public static int EncodedLength(int characters)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(characters);
        return (characters / 3 * 2) + (characters % 3 == 0 ? 0 : 2);
    }

    /// <summary>Encodes <paramref name="text"/> (A-Z, 0-9, space, '&lt;').</summary>
    /// <exception cref="Icao9303FormatException">A character outside the C40 basic set (reason <c>vds.c40-invalid</c>).</exception>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new byte[EncodedLength(text.Length)];
        var o = 0;
        var i = 0;
        for (; i + 3 <= text.Length; i += 3)
        {
            o = WriteGroup(output, o, ValueOf(text[i]), ValueOf(text[i + 1]), ValueOf(text[i + 2]));
        }

        switch (text.Length - i)
        {
            case 2:
                WriteGroup(output, o, ValueOf(text[i]), ValueOf(text[i + 1]), 0);
                break;
            case 1:
                output[o] = 0xFE;
                output[o + 1] = (byte)(AsciiOf(text[i]) + 1);
                break;
        }

        return output;
    }

    /// <summary>Decodes C40 bytes; spaces come back as '&lt;'.</summary>
    /// <exception cref="Icao9303FormatException">Odd length, a value out of range, a shift value other than the final pad,
    /// or a malformed unlatch (reason <c>vds.c40-invalid</c>).</exception>
    public static string Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length % 2 != 0)
        {
            throw new Icao9303FormatException(Reason, $"C40 data has an odd length ({encoded.Length} bytes).");
        }

        var text = new StringBuilder(encoded.Length / 2 * 3);
        for (var i = 0; i < encoded.Length; i += 2)
        {
            var last = i + 2 == encoded.Length;
            if (encoded[i] == 0xFE)
            {
                if (!last)
                {
                    throw new Icao9303FormatException(Reason, "The C40 unlatch byte 0xFE may only introduce the final character.");
                }

                text.Append(CharOfAscii(encoded[i + 1] - 1));
                break;
            }

            var value = (encoded[i] << 8) | encoded[i + 1];
            if (value == 0 || value > 64000)
            {
                throw new Icao9303FormatException(Reason, $"C40 value 0x{value:X4} is out of range.");
            }

            value--;
            var c1 = value / 1600;
            var c2 = value / 40 % 40;
            var c3 = value % 40;
            text.Append(CharOf(c1)).Append(CharOf(c2));
            if (c3 == 0 && last)
            {
                // Pad (shift 1) after two final characters.
                break;
            }

            text.Append(CharOf(c3));
        }

        return text.ToString();
    }

    private static int WriteGroup(byte[] output, int offset, int c1, int c2, int c3)
    {
        var value = (1600 * c1) + (40 * c2) + c3 + 1;
        output[offset] = (byte)(value >> 8);
        output[offset + 1] = (byte)value;
        return offset + 2;
    }

    private static int ValueOf(char c) => c switch
    {
        ' ' or '<' => 3,
        >= '0' and <= '9' => c - '0' + 4,
        >= 'A' and <= 'Z' => c - 'A' + 14,
        _ => throw new Icao9303FormatException(Reason, $"Character U+{(int)c:X4} cannot be C40 encoded (A-Z, 0-9, space, '<')."),
    };

    private static int AsciiOf(char c) => c switch
    {
        '<' => ' ',
        ' ' or (>= '0' and <= '9') or (>= 'A' and <= 'Z') => c,
        _ => throw new Icao9303FormatException(Reason, $"Character U+{(int)c:X4} cannot be C40 encoded (A-Z, 0-9, space, '<')."),
    };

    private static char CharOf(int value) => value switch
    {
        3 => '<',
        >= 4 and <= 13 => (char)('0' + value - 4),
        >= 14 and <= 39 => (char)('A' + value - 14),
        _ => throw new Icao9303FormatException(Reason, $"C40 value {value} is a shift or outside the basic set."),
    };

    private static char CharOfAscii(int ascii) => ascii switch
    {
        ' ' => '<',
        (>= '0' and <= '9') or (>= 'A' and <= 'Z') => (char)ascii,
        _ => throw new Icao9303FormatException(Reason, $"ASCII value {ascii} after the C40 unlatch is outside the basic set."),
    };
}
