namespace Credentials.Icao9303.Vds.Idb;

/// <summary>
/// Base32 of RFC 4648 §6 (alphabet A-Z, 2-7) without padding, as the IDB barcode payload is written (ICAO TR "ICAO
/// Datastructure for Barcode" §2: the padding characters '=' are left out). Decoding is strict so that a decoded payload
/// encodes back to the same text: only the alphabet, no padding, a length that a whole number of bytes can produce
/// (never 1, 3 or 6 modulo 8), and zero bits after the last byte.
/// </summary>
internal static class IdbBase32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[((data.Length * 8) + 4) / 5];
        var buffer = 0;
        var bits = 0;
        var o = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[o++] = Alphabet[(buffer >> bits) & 0x1F];
            }
        }

        if (bits > 0)
        {
            chars[o++] = Alphabet[(buffer << (5 - bits)) & 0x1F];
        }

        return new string(chars, 0, o);
    }

    /// <exception cref="Icao9303FormatException">Reason <c>idb.base32-invalid</c>.</exception>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        if ((text.Length % 8) is 1 or 3 or 6)
        {
            throw new Icao9303FormatException("idb.base32-invalid", $"{text.Length} base32 characters cannot encode a whole number of bytes.");
        }

        var output = new byte[text.Length * 5 / 8];
        var buffer = 0;
        var bits = 0;
        var o = 0;
        foreach (var c in text)
        {
            var value = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= '2' and <= '7' => c - '2' + 26,
                _ => throw new Icao9303FormatException("idb.base32-invalid", $"Character U+{(int)c:X4} is not in the base32 alphabet (A-Z, 2-7, no padding)."),
            };
            buffer = ((buffer << 5) | value) & 0xFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output[o++] = (byte)(buffer >> bits);
            }
        }

        if ((buffer & ((1 << bits) - 1)) != 0)
        {
            throw new Icao9303FormatException("idb.base32-invalid", "The last base32 character has bits set after the last byte.");
        }

        return output;
    }
}
