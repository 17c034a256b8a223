using System.Globalization;

namespace Credentials.Bench.Signing;

/// <summary>
/// CPU time (user + system) of a process and every descendant alive on this machine, from <c>/proc/PID/stat</c>: the
/// root's own and its waited-for children's times plus each living descendant's own time, so a PostgreSQL backend
/// that exits during a round moves from one term to the other instead of vanishing.
/// </summary>
internal static class ProcessTreeCpu
{
    // USER_HZ: the unit of the times in /proc/PID/stat; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>The tree's CPU time so far; zero when the root has gone.</summary>
    public static TimeSpan Read(int rootPid)
    {
        var parents = new Dictionary<int, int>();
        var ownTicks = new Dictionary<int, long>();
        long rootChildrenTicks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited while listing
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed:
            // [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            ownTicks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            if (pid == rootPid)
            {
                rootChildrenTicks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            }
        }

        if (!ownTicks.ContainsKey(rootPid))
        {
            return TimeSpan.Zero;
        }

        var total = rootChildrenTicks;
        foreach (var (pid, ticks) in ownTicks)
        {
            if (IsInTree(pid, rootPid, parents))
            {
                total += ticks;
            }
        }

        return TimeSpan.FromSeconds(total / TicksPerSecond);
    }

    private static bool IsInTree(int pid, int rootPid, Dictionary<int, int> parents)
    {
        for (var current = pid; current > 1; current = parents.GetValueOrDefault(current))
        {
            if (current == rootPid)
            {
                return true;
            }
        }

        return false;
    }
}
