using System.Diagnostics;

namespace Credentials.Bench.Soak;

/// <summary>
/// A token bucket (rate and capacity <c>permitsPerSecond</c>) that keeps one relying party's sync calls under pkd's
/// per-caller rate limit: the soak is a capacity run, not a test of the limiter.
/// </summary>
internal sealed class SyncBudget(double permitsPerSecond)
{
    private readonly Lock _gate = new();
    private readonly double _rate = permitsPerSecond;
    private double _tokens = permitsPerSecond;
    private long _refilled = Stopwatch.GetTimestamp();

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            _tokens = Math.Min(_rate, _tokens + (Stopwatch.GetElapsedTime(_refilled, now).TotalSeconds * _rate));
            _refilled = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
