using System.Globalization;

namespace Credentials.Icao9303.Vds;

/// <summary>
/// VDS dates (Doc 9303 Part 13 §2.2): the date written as the decimal number MMDDYYYY, stored as a 3-byte unsigned
/// big-endian integer (e.g. 25 March 1957 → 03251957 → 0x31 0x9E 0xF5).
/// </summary>
public static class VdsDate
{
    /// <summary>Encoded length in bytes.</summary>
    public const int Length = 3;

    /// <summary>Writes <paramref name="date"/> into the first three bytes of <paramref name="destination"/>.</summary>
    public static void Write(DateOnly date, Span<byte> destination)
    {
        var value = (date.Month * 1_000_000) + (date.Day * 10_000) + date.Year;
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }

    /// <summary>Reads a date from three bytes.</summary>
    /// <exception cref="Icao9303FormatException">Not a calendar date (reason <c>vds.date-invalid</c>).</exception>
    public static DateOnly Read(ReadOnlySpan<byte> source)
    {
        var value = (source[0] << 16) | (source[1] << 8) | source[2];
        var month = value / 1_000_000;
        var day = value / 10_000 % 100;
        var year = value % 10_000;
        if (month is < 1 or > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw new Icao9303FormatException("vds.date-invalid", string.Create(CultureInfo.InvariantCulture, $"VDS date {value:D8} (MMDDYYYY) is not a calendar date."));
        }

        return new DateOnly(year, month, day);
    }
}
