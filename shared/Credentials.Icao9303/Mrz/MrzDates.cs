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

    /// <summary>
    /// Why <paramref name="yymmdd"/> is not a calendar date, or null when it is one. A date is six characters, each
    /// of YY, MM and DD two digits; MM 01-12; DD within that month (29 February only in a year divisible by four: the
    /// century is not printed, and 2000 was a leap year). When <paramref name="unknownPartsAllowed"/> (the date of
    /// birth, Doc 9303 Part 3 section 4.4: a wholly or partly unknown date is printed with fillers) any of YY, MM, DD
    /// may instead be "&lt;&lt;".
    /// </summary>
    public static string? CalendarDateProblem(string yymmdd, bool unknownPartsAllowed)
    {
        ArgumentNullException.ThrowIfNull(yymmdd);
        if (yymmdd.Length != 6)
        {
            return $"'{yymmdd}' is not six characters YYMMDD.";
        }

        int? yy = Part(yymmdd, 0, unknownPartsAllowed, out var yyOk);
        int? mm = Part(yymmdd, 2, unknownPartsAllowed, out var mmOk);
        int? dd = Part(yymmdd, 4, unknownPartsAllowed, out var ddOk);
        if (!yyOk || !mmOk || !ddOk)
        {
            return unknownPartsAllowed
                ? $"'{yymmdd}' is not YYMMDD: each part must be two digits or, when unknown, two fillers."
                : $"'{yymmdd}' is not YYMMDD: six digits are required.";
        }

        if (mm is < 1 or > 12)
        {
            return $"'{yymmdd}' has month {mm:00}.";
        }

        // Longest month when the month is unknown; February of a leap year when only the year's last digits are known.
        var daysInMonth = mm is { } month ? DateTime.DaysInMonth(yy is { } y && y % 4 != 0 ? 2001 : 2000, month) : 31;
        if (dd is { } day && (day < 1 || day > daysInMonth))
        {
            return $"'{yymmdd}' has day {day:00}, outside 01-{daysInMonth:00}{(mm is { } m ? " of month " + m.ToString("00", CultureInfo.InvariantCulture) : string.Empty)}.";
        }

        return null;
    }

    /// <summary>Formats a date as YYMMDD.</summary>
    public static string Format(DateOnly date) => date.ToString("yyMMdd", CultureInfo.InvariantCulture);

    private static DateOnly? Create(int year, int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;

    private static int? Part(string value, int start, bool fillerAllowed, out bool ok)
    {
        var (high, low) = (value[start], value[start + 1]);
        if (high is >= '0' and <= '9' && low is >= '0' and <= '9')
        {
            ok = true;
            return ((high - '0') * 10) + (low - '0');
        }

        ok = fillerAllowed && high == '<' && low == '<';
        return null;
    }

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
