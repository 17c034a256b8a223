using System.Diagnostics;
using System.Globalization;

namespace Credentials.Bench.Signing;

/// <summary>
/// Where the CPU of a round goes: the CPU time of each named process tree (the service, PostgreSQL, the broker…) and of
/// this bench client over the round, divided by the SODs the round signed. The machine is shared, so these per-SOD
/// figures — not the rates — are what compares runs taken at different loads.
/// </summary>
internal sealed class CpuBreakdown
{
    private const string ClientName = "bench client";

    private readonly List<(string Name, int Pid)> _processes;
    private readonly Dictionary<string, List<double[]>> _rounds = new(StringComparer.Ordinal);

    private CpuBreakdown(List<(string Name, int Pid)> processes)
    {
        _processes = processes;
    }

    /// <summary>Column names: the processes in the order given, then the bench client and the total.</summary>
    public IReadOnlyList<string> Columns => [.. _processes.Select(p => p.Name), ClientName, "total"];

    /// <summary>From <c>name=pid,name=pid</c> (<c>--cpu</c>); with no processes only the client is measured.</summary>
    public static CpuBreakdown Parse(string? specification)
    {
        var processes = new List<(string, int)>();
        foreach (var part in (specification ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = part.LastIndexOf('=');
            if (separator <= 0 || !int.TryParse(part[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                throw new ArgumentException($"--cpu expects name=pid[,name=pid…], not '{part}'.", nameof(specification));
            }

            processes.Add((part[..separator], pid));
        }

        return new CpuBreakdown(processes);
    }

    /// <summary>CPU time of every process and of this client now.</summary>
    public TimeSpan[] Snapshot()
    {
        var times = new TimeSpan[_processes.Count + 1];
        for (var i = 0; i < _processes.Count; i++)
        {
            times[i] = ProcessTreeCpu.Read(_processes[i].Pid);
        }

        times[^1] = Process.GetCurrentProcess().TotalProcessorTime;
        return times;
    }

    /// <summary>Records one round of <paramref name="path"/>: CPU µs per SOD of each column since <paramref name="before"/>.</summary>
    public void Record(string path, TimeSpan[] before, long sods)
    {
        ArgumentNullException.ThrowIfNull(before);
        var after = Snapshot();
        var perSod = new double[after.Length + 1];
        for (var i = 0; i < after.Length; i++)
        {
            perSod[i] = sods > 0 ? (after[i] - before[i]).TotalMicroseconds / sods : double.NaN;
            perSod[^1] += perSod[i];
        }

        if (!_rounds.TryGetValue(path, out var rounds))
        {
            _rounds[path] = rounds = [];
        }

        rounds.Add(perSod);
    }

    /// <summary>A Markdown table: per path, the median over its rounds of each column's CPU µs per SOD.</summary>
    public IEnumerable<string> Table()
    {
        yield return "| CPU µs per SOD (median of rounds) | " + string.Join(" | ", Columns) + " |";
        yield return "|---|" + string.Concat(Enumerable.Repeat("---:|", Columns.Count));
        foreach (var (path, rounds) in _rounds)
        {
            var medians = Enumerable.Range(0, Columns.Count).Select(column => Median(rounds.Select(r => r[column])));
            yield return $"| {path} | " + string.Join(" | ", medians.Select(m => m.ToString("0", CultureInfo.InvariantCulture))) + " |";
        }
    }

    /// <summary>The median total CPU µs per SOD of <paramref name="path"/>, NaN when it was not measured.</summary>
    public double MedianTotal(string path) =>
        _rounds.TryGetValue(path, out var rounds) ? Median(rounds.Select(r => r[^1])) : double.NaN;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
