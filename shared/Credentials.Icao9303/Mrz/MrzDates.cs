using System.Globalization;

namespace Credentials.Icao9303.Mrz;

/// <summary>
/// MRZ dates are YYMMDD (Doc 9303 Part 3 section 4.4). The century is not printed: a date of birth is taken as the
/// latest year not after the reference date; a date of expiry as the year within 50 years either side of it.
/// Unknown parts are printed as fillers and yield null.
/// </summary>
public static class MrzDates
{
    /// <summary>Date of birth with its century inferred from <paramref name="reference"/> (e.g. today).</summary>
    public static DateOnly? InferBirthDate(string yymmdd, DateOnly reference)
    {
        if (!TryParts(yymmdd, out var yy, out var mm, out var dd))
        {
            return null;
        }

        var century = reference.Year / 100 * 100;
        var year = century + yy;
        if (year > reference.Year)
        {
            year -= 100;
        }

        return Create(year, mm, dd);
    }

    /// <summary>Date of expiry with its century inferred from <paramref name="reference"/>.</summary>
    public static DateOnly? InferExpiryDate(string yymmdd, DateOnly reference)
    {
        if (!TryParts(yymmdd, out var yy, out var mm, out var dd))
        {
            return null;
        }

        var century = reference.Year / 100 * 100;
        var year = century + yy;
        if (year > reference.Year + 50)
        {
            year -= 100;
        }
        else if (year < reference.Year - 50)
        {
            year += 100;
        }

        return Create(year, mm, dd);
    }

    /// <summary>Formats a date as YYMMDD.</summary>
    public static string Format(DateOnly date) => date.ToString("yyMMdd", CultureInfo.InvariantCulture);

    private static DateOnly? Create(int year, int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;

    private static bool TryParts(string value, out int yy, out int mm, out int dd)
    {
        yy = mm = dd = 0;
        if (value is null || value.Length != 6)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        yy = ((value[0] - '0') * 10) + (value[1] - '0');
        mm = ((value[2] - '0') * 10) + (value[3] - '0');
        dd = ((value[4] - '0') * 10) + (value[5] - '0');
        return true;
    }
}
