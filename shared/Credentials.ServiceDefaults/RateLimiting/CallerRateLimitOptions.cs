using System.ComponentModel.DataAnnotations;

namespace Credentials.ServiceDefaults.RateLimiting;

/// <summary>
/// Per-caller rate limits on public RPCs (issue 9): a token bucket per (caller identity, method). Keys are gRPC
/// method paths or service wildcards as in the authorization rules. RPCs without a rule are not limited here
/// (their load is bounded by authorization to internal callers).
/// </summary>
public sealed class CallerRateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Method path or service wildcard → limit.</summary>
    public Dictionary<string, TokenBucketRule> Rules { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>A token bucket: <see cref="PermitsPerSecond"/> sustained, <see cref="Burst"/> at once.</summary>
public sealed class TokenBucketRule
{
    [Range(1, 1_000_000)]
    public int PermitsPerSecond { get; init; } = 100;

    [Range(1, 10_000_000)]
    public int Burst { get; init; } = 200;
}
