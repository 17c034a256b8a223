using System.Globalization;

namespace Credentials.IntegrationTests.Pkd;

/// <summary>
/// CPU time of processes from /proc (Linux): the figure the PKD sync benchmark compares on a shared machine, where
/// wall time depends on the load. Clock ticks are taken as 100 per second (USER_HZ on every Linux build we run on).
/// </summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100;

    /// <summary>User + system time of process <paramref name="pid"/> (its threads), in seconds; null when it is gone.</summary>
    public static double? Seconds(int pid) => Read(pid) is { } fields ? (Ticks(fields, 14) + Ticks(fields, 15)) / TicksPerSecond : null;

    /// <summary>
    /// CPU time of a server and its children (PostgreSQL: the postmaster, its live backends, and the exited ones it
    /// waited for), in seconds; null when the server is not running.
    /// </summary>
    public static double? TreeSeconds(int parentPid)
    {
        if (Read(parentPid) is not { } parent)
        {
            return null;
        }

        // utime, stime, cutime, cstime of the parent (fields 14-17): the exited children are in the last two.
        var ticks = Ticks(parent, 14) + Ticks(parent, 15) + Ticks(parent, 16) + Ticks(parent, 17);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } fields && Ticks(fields, 4) == parentPid)
            {
                ticks += Ticks(fields, 14) + Ticks(fields, 15);
            }
        }

        return ticks / TicksPerSecond;
    }

    // The fields of /proc/PID/stat after the command name (which may hold spaces), numbered as in proc(5): the
    // returned array's index 0 is field 3 (state).
    private static string[]? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Ticks(string[] fields, int field) => long.Parse(fields[field - 3], CultureInfo.InvariantCulture);
}
