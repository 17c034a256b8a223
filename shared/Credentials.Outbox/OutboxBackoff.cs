namespace Credentials.Outbox;

/// <summary>Exponential back-off: <c>initial * 2^(attempt-1)</c>, capped at <c>max</c>.</summary>
internal static class OutboxBackoff
{
    /// <summary>The delay before the next try after <paramref name="failedAttempts"/> failures (1 = first failure).</summary>
    public static TimeSpan Compute(int failedAttempts, TimeSpan initial, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var exponent = Math.Min(failedAttempts - 1, 30);
        var ticks = initial.Ticks * Math.Pow(2, exponent);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
