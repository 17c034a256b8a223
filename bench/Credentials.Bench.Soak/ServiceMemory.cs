using System.Globalization;

namespace Credentials.Bench.Soak;

/// <summary>
/// Resident set size of the services started by <c>scripts/up</c>: the PID files in <c>$CRED_RUN_DIR/pids</c>, the
/// process (or its child) whose command line names the service's dll, VmRSS from <c>/proc/PID/status</c>.
/// </summary>
internal sealed class ServiceMemory
{
    private readonly Dictionary<string, int> _pids;

    private ServiceMemory(Dictionary<string, int> pids) => _pids = pids;

    public IReadOnlyCollection<string> Services => _pids.Keys;

    public static ServiceMemory Find(string runDirectory, IReadOnlyDictionary<string, string> projects)
    {
        var pids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (service, project) in projects)
        {
            var file = Path.Combine(runDirectory, "pids", service + ".pid");
            if (!File.Exists(file) || !int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (Resolve(pid, project + ".dll") is { } found)
            {
                pids[service] = found;
            }
        }

        return new ServiceMemory(pids);
    }

    /// <summary>RSS in KiB by service; a service whose process is gone is left out.</summary>
    public Dictionary<string, long> Sample()
    {
        var sample = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (service, pid) in _pids)
        {
            try
            {
                var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                if (line is not null)
                {
                    sample[service] = long.Parse(line["VmRSS:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The process ended.
            }
        }

        return sample;
    }

    private static int? Resolve(int pid, string dll)
    {
        for (var depth = 0; depth < 4; depth++)
        {
            var cmdline = $"/proc/{pid}/cmdline";
            if (!File.Exists(cmdline))
            {
                return null;
            }

            if (File.ReadAllText(cmdline).Contains(dll, StringComparison.Ordinal))
            {
                return pid;
            }

            var children = $"/proc/{pid}/task/{pid}/children";
            var first = File.Exists(children) ? File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
            if (first is null || !int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out pid))
            {
                return null;
            }
        }

        return null;
    }
}
