using System.Globalization;

namespace Credentials.Bench;

/// <summary>
/// One row of the table that <c>bench/run-all</c> prints: a figure, the baseline measured in the same run, their ratio,
/// the goal and whether it is met. Each benchmark prints its rows as one tab-separated line starting with
/// <see cref="Marker"/>; run-all collects them. No timing thresholds live in tests: this line is where goals are judged.
/// </summary>
internal static class BenchResult
{
    /// <summary>Start of every result line.</summary>
    public const string Marker = "BENCH-RESULT";

    /// <summary>Prints one result row.</summary>
    /// <param name="path">What was measured, e.g. "SignSecurityObject, 16 in flight".</param>
    /// <param name="figure">The figure with its unit, e.g. "1,153 SOD/s".</param>
    /// <param name="baseline">The baseline measured in the same run, with its unit, or "—".</param>
    /// <param name="ratio">figure / baseline (or the ratio the goal is about), or null when there is none.</param>
    /// <param name="goal">The goal as text, e.g. "≥ 2,000 SOD/s".</param>
    /// <param name="met">Whether the goal is met; null when the run cannot tell.</param>
    public static void Print(string path, string figure, string baseline, double? ratio, string goal, bool? met)
    {
        var fields = new[]
        {
            Marker,
            path,
            figure,
            baseline,
            ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "—",
            goal,
            met switch { true => "met", false => "not met", null => "—" },
            LoadAverage(),
        };
        var line = string.Join('\t', fields.Select(f => f.Replace('\t', ' ').Replace('\n', ' ')));
        Console.WriteLine(line);

        // bench/run-all collects the rows of every benchmark (and of the opt-in benchmark tests, whose console is the
        // test host's) in the file named by CRED_BENCH_RESULTS.
        if (Environment.GetEnvironmentVariable("CRED_BENCH_RESULTS") is { Length: > 0 } file)
        {
            File.AppendAllText(file, line + Environment.NewLine);
        }
    }

    /// <summary>A rate with thousands separators and its unit, e.g. "1,153 SOD/s".</summary>
    public static string Rate(double value, string unit) => value.ToString("#,0", CultureInfo.InvariantCulture) + " " + unit;

    /// <summary>The 1-minute load average of the machine now ("n/a" off Linux).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
