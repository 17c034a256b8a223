namespace Credentials.Outbox.Postgres;

/// <summary>Settings of the PostgreSQL outbox and its relay (configuration section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>The schema holding the outbox tables (the service's schema).</summary>
    public string Schema { get; set; } = string.Empty;

    /// <summary>Rows claimed per batch.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Shortest time between the starts of two passes while the relay keeps up (a full pass starts the next at once).
    /// Under a steady write rate the rows committed meanwhile go out together: fewer claim and mark-sent statements per
    /// row, and produce batches of several messages per partition instead of one (a broker's cost is per batch).
    /// Adds at most this much to an event's publish latency; zero publishes each notification's rows at once.
    /// </summary>
    public TimeSpan MinPassInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Polling fallback when no notification arrives.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Publish attempts before a row moves to the dead-letter table.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Back-off after the first failure; doubles per attempt.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the back-off.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the pending-count and lag gauges are refreshed.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sent rows older than this are deleted by the relay.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Delay before re-opening the LISTEN connection after it failed.</summary>
    public TimeSpan ListenReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);
}
