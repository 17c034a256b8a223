using System.Globalization;

namespace Credentials.Bench.Verify;

/// <summary>CPU time (user + system) of another process on this machine, from <c>/proc/PID/stat</c>.</summary>
internal static class ServerCpu
{
    // USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>The process's CPU time so far; zero when no PID is given.</summary>
    public static TimeSpan Read(int? pid)
    {
        if (pid is null)
        {
            return TimeSpan.Zero;
        }

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
