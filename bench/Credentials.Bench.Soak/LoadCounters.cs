using System.Collections.Concurrent;

namespace Credentials.Bench.Soak;

/// <summary>Completed operations and errors by operation name, and latencies (ms) for percentiles.</summary>
internal sealed class LoadCounters
{
    private readonly ConcurrentDictionary<string, long> _ok = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<double> _latencies = [];

    public long Completed => _ok.Values.Sum();

    public long Errors => _errors.Values.Sum();

    public void Ok(string operation, double milliseconds)
    {
        _ok.AddOrUpdate(operation, 1, (_, n) => n + 1);
        _latencies.Add(milliseconds);
    }

    public void Error(string kind) => _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public string Describe()
    {
        var sorted = _latencies.OrderBy(x => x).ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        var ok = string.Join(" ", _ok.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var errors = _errors.IsEmpty ? "none" : string.Join(", ", _errors.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} ×{p.Value}"));
        var max = sorted.Length == 0 ? 0 : sorted[^1];
        return $"ok: {ok}; latency p50 {P(0.5):0} ms p99 {P(0.99):0} ms p99.9 {P(0.999):0} ms max {max:0} ms; errors: {errors}";
    }
}
