using System.Diagnostics.Metrics;

namespace Credentials.Outbox;

/// <summary>
/// Outbox instruments on the meter <c>Credentials.Outbox</c>: <c>outbox.pending</c> (unsent rows),
/// <c>outbox.lag</c> (age in seconds of the oldest unsent row), and counters <c>outbox.published</c>,
/// <c>outbox.failed</c>, <c>outbox.dead_lettered</c>, tagged with the schema; and <c>inbox.events_lost</c>, events a
/// consumer never read because the broker deleted them first (retention), tagged with consumer, topic and partition.
/// </summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "Credentials.Outbox";

    // Owned and disposed by the meter factory.
    private readonly Meter _meter;
    private readonly Counter<long> _published;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _eventsLost;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Pending, double LagSeconds)> _gauges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lost = new(StringComparer.Ordinal);

    public OutboxMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        var meter = _meter;
        _published = meter.CreateCounter<long>("outbox.published", "{event}", "Events published and marked sent.");
        _failed = meter.CreateCounter<long>("outbox.failed", "{event}", "Failed publish attempts.");
        _deadLettered = meter.CreateCounter<long>("outbox.dead_lettered", "{event}", "Events moved to the dead-letter table.");
        _eventsLost = meter.CreateCounter<long>("inbox.events_lost", "{event}", "Events deleted by the broker before the consumer read them.");
        meter.CreateObservableGauge("outbox.pending", () => Observe(g => g.Pending), "{event}", "Unsent outbox rows.");
        meter.CreateObservableGauge("outbox.lag", () => Observe(g => g.LagSeconds), "s", "Age of the oldest unsent outbox row.");
    }

    internal void Published(string schema, long count) => _published.Add(count, new KeyValuePair<string, object?>("schema", schema));

    internal void Failed(string schema, long count) => _failed.Add(count, new KeyValuePair<string, object?>("schema", schema));

    internal void DeadLettered(string schema, long count) => _deadLettered.Add(count, new KeyValuePair<string, object?>("schema", schema));

    /// <summary>Records <paramref name="count"/> events of <paramref name="topic"/>[<paramref name="partition"/>] that <paramref name="consumer"/> will never read.</summary>
    public void EventsLost(string consumer, string topic, int partition, long count)
    {
        _eventsLost.Add(
            count,
            new KeyValuePair<string, object?>("consumer", consumer),
            new KeyValuePair<string, object?>("topic", topic),
            new KeyValuePair<string, object?>("partition", partition));
        lock (_gate)
        {
            _lost[consumer] = _lost.GetValueOrDefault(consumer) + count;
        }
    }

    /// <summary>Events <paramref name="consumer"/> has lost to broker retention since this process started.</summary>
    public long GetEventsLost(string consumer)
    {
        lock (_gate)
        {
            return _lost.GetValueOrDefault(consumer);
        }
    }

    internal void SetBacklog(string schema, long pending, double lagSeconds)
    {
        lock (_gate)
        {
            _gauges[schema] = (pending, lagSeconds);
        }
    }

    /// <summary>The last refreshed backlog of <paramref name="schema"/>.</summary>
    public (long Pending, double LagSeconds) GetBacklog(string schema)
    {
        lock (_gate)
        {
            return _gauges.TryGetValue(schema, out var value) ? value : (0, 0);
        }
    }

    private Measurement<T>[] Observe<T>(Func<(long Pending, double LagSeconds), T> select)
        where T : struct
    {
        lock (_gate)
        {
            return _gauges
                .Select(pair => new Measurement<T>(select(pair.Value), new KeyValuePair<string, object?>("schema", pair.Key)))
                .ToArray();
        }
    }
}
