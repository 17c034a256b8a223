namespace Credentials.Icao9303.Vds;

/// <summary>BER definite lengths as the VDS message and signature zones use them (Doc 9303 Part 13 §2.3, §2.4): minimal, at most 0xFFFF.</summary>
internal static class VdsTlv
{
    public static int LengthOfLength(int length) => length < 0x80 ? 1 : length <= 0xFF ? 2 : 3;

    public static int WriteLength(Span<byte> destination, int length)
    {
        if (length < 0x80)
        {
            destination[0] = (byte)length;
            return 1;
        }

        if (length <= 0xFF)
        {
            destination[0] = 0x81;
            destination[1] = (byte)length;
            return 2;
        }

        destination[0] = 0x82;
        destination[1] = (byte)(length >> 8);
        destination[2] = (byte)length;
        return 3;
    }

    /// <summary>Reads a minimal BER length at <paramref name="offset"/>; throws <c>vds.truncated</c> or <c>vds.length-invalid</c>.</summary>
    public static int ReadLength(ReadOnlySpan<byte> data, ref int offset) => ReadLength(data, ref offset, "vds");

    /// <summary>
    /// Reads a minimal BER length at <paramref name="offset"/>; throws <c>{reasonPrefix}.truncated</c> or
    /// <c>{reasonPrefix}.length-invalid</c> (the IDB message zone uses the same length rule with its own reasons).
    /// </summary>
    public static int ReadLength(ReadOnlySpan<byte> data, ref int offset, string reasonPrefix)
    {
        if (offset >= data.Length)
        {
            throw new Icao9303FormatException(reasonPrefix + ".truncated", "The seal ends before a length.");
        }

        var first = data[offset++];
        if (first < 0x80)
        {
            return first;
        }

        var count = first & 0x7F;
        if (count is 0 or > 2)
        {
            throw new Icao9303FormatException(reasonPrefix + ".length-invalid", $"Length byte 0x{first:X2} is not a definite length of one or two bytes.");
        }

        if (data.Length - offset < count)
        {
            throw new Icao9303FormatException(reasonPrefix + ".truncated", "The seal ends inside a length.");
        }

        var length = 0;
        for (var i = 0; i < count; i++)
        {
            length = (length << 8) | data[offset++];
        }

        if ((count == 1 && length < 0x80) || (count == 2 && length <= 0xFF))
        {
            throw new Icao9303FormatException(reasonPrefix + ".length-invalid", "A length is not minimally encoded (DER).");
        }

        return length;
    }
}
