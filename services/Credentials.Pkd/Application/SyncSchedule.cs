using System.Globalization;
using Cronos;

namespace Credentials.Pkd.Application;

/// <summary>
/// When a source syncs on its own: a fixed interval (<c>90s</c>, <c>15m</c>, <c>6h</c>, <c>1d</c> or a TimeSpan such as
/// <c>06:00:00</c>) counted from the last start, or a five-field cron expression evaluated in UTC.
/// </summary>
internal sealed class SyncSchedule
{
    private readonly TimeSpan? _interval;
    private readonly CronExpression? _cron;

    private SyncSchedule(string text, TimeSpan? interval, CronExpression? cron)
    {
        Text = text;
        _interval = interval;
        _cron = cron;
    }

    /// <summary>The schedule as configured.</summary>
    public string Text { get; }

    /// <summary>The interval, when the schedule is one.</summary>
    public TimeSpan? Interval => _interval;

    /// <summary>Parses a schedule; false with an explanation when it is neither an interval nor a cron expression.</summary>
    public static bool TryParse(string? text, out SyncSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty schedule";
            return false;
        }

        var trimmed = text.Trim();
        if (TryParseInterval(trimmed, out var interval))
        {
            if (interval < TimeSpan.FromSeconds(1))
            {
                error = "an interval must be at least one second";
                return false;
            }

            schedule = new SyncSchedule(trimmed, interval, null);
            return true;
        }

        try
        {
            schedule = new SyncSchedule(trimmed, null, CronExpression.Parse(trimmed, CronFormat.Standard));
            return true;
        }
        catch (CronFormatException exception)
        {
            error = "neither an interval (e.g. 6h, 30m, 06:00:00) nor a cron expression: " + exception.Message;
            return false;
        }
    }

    /// <summary>
    /// The next scheduled start: for an interval, <paramref name="lastStart"/> + interval (or <paramref name="since"/>
    /// when the source never ran); for a cron expression, the first occurrence after the last start (or after
    /// <paramref name="since"/>, the service start). A result at or before "now" means the source is due.
    /// </summary>
    public DateTimeOffset? Next(DateTimeOffset? lastStart, DateTimeOffset since)
    {
        if (_interval is { } interval)
        {
            return lastStart is { } last ? last + interval : since;
        }

        return _cron!.GetNextOccurrence(lastStart ?? since, TimeZoneInfo.Utc);
    }

    private static bool TryParseInterval(string text, out TimeSpan interval)
    {
        interval = default;
        if (text.Length >= 2 && char.IsAsciiLetter(text[^1]))
        {
            if (!long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                || amount > 100_000)
            {
                return false;
            }

            TimeSpan? unit = char.ToLowerInvariant(text[^1]) switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            interval = unit.Value * amount;
            return true;
        }

        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out interval)
            && interval > TimeSpan.Zero;
    }
}
