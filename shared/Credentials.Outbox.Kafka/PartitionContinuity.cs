using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Credentials.Outbox.Kafka;

/// <summary>
/// Notices events a consumer never read because the broker deleted them first. A broker applies retention whether
/// or not every consumer group has read a partition; when a group's position falls below the log's start, librdkafka
/// resets it (<c>auto.offset.reset=earliest</c>) and says nothing an application sees. This tracker knows, for each
/// assigned partition, the offset it expects next: the group's committed offset (read once per assignment, for all
/// partitions not known yet, when the first of them delivers a message), then the offset after each message read. A message beyond that offset is checked
/// against the partition's low watermark: when the log now starts beyond the expected offset, the events between
/// were deleted unread, and they are counted (<c>inbox.events_lost</c>) and logged as critical with their offsets.
/// Any other jump (transaction markers, compaction) is not a loss. One instance per consumer loop, not thread-safe.
/// </summary>
internal sealed partial class PartitionContinuity
{
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(5);

    private readonly string _consumerName;
    private readonly OutboxMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Dictionary<TopicPartition, long> _expected = [];

    public PartitionContinuity(string consumerName, OutboxMetrics metrics, ILogger logger)
    {
        _consumerName = consumerName;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Forgets partitions that were revoked, lost or (re)assigned: another member may have moved them on.</summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _expected.Remove(partition);
        }
    }

    /// <summary>Forgets <paramref name="partitions"/> (see <see cref="Forget"/>).</summary>
    public void Forget(IEnumerable<TopicPartitionOffset> partitions) => Forget(partitions.Select(p => p.TopicPartition));

    /// <summary>The consumer was sought back to <paramref name="position"/> (a batch is read again).</summary>
    public void Rewound(TopicPartitionOffset position) => _expected[position.TopicPartition] = position.Offset.Value;

    /// <summary>Checks <paramref name="result"/> against the offset expected next in its partition.</summary>
    public void Observe(IConsumer<string, byte[]> consumer, ConsumeResult<string, byte[]> result)
    {
        var partition = result.TopicPartition;
        var offset = result.Offset.Value;
        if (!_expected.TryGetValue(partition, out var expected))
        {
            LoadCommitted(consumer, partition);
            expected = _expected.GetValueOrDefault(partition, -1);
        }

        if (expected >= 0 && offset > expected)
        {
            CheckGap(consumer, partition, expected, offset);
        }

        _expected[partition] = offset + 1;
    }

    /// <summary>
    /// One look-up of the committed offsets of <paramref name="partition"/> and of every other assigned partition not
    /// known yet (one broker round trip per assignment rather than one per partition). A partition without a committed
    /// offset (a new group) stays unknown until its first message: nothing can have been lost by it before.
    /// </summary>
    private void LoadCommitted(IConsumer<string, byte[]> consumer, TopicPartition partition)
    {
        var unknown = new List<TopicPartition> { partition };
        foreach (var assigned in consumer.Assignment)
        {
            if (!assigned.Equals(partition) && !_expected.ContainsKey(assigned))
            {
                unknown.Add(assigned);
            }
        }

        try
        {
            foreach (var committed in consumer.Committed(unknown, BrokerTimeout))
            {
                if (!committed.Offset.IsSpecial)
                {
                    _expected[committed.TopicPartition] = committed.Offset.Value;
                }
            }
        }
        catch (KafkaException exception)
        {
            LogNotChecked(partition.Topic, partition.Partition.Value, exception.Error.Code, exception.Error.Reason);
        }
    }

    private void CheckGap(IConsumer<string, byte[]> consumer, TopicPartition partition, long expected, long offset)
    {
        long low;
        try
        {
            low = consumer.QueryWatermarkOffsets(partition, BrokerTimeout).Low.Value;
        }
        catch (KafkaException exception)
        {
            LogNotChecked(partition.Topic, partition.Partition.Value, exception.Error.Code, exception.Error.Reason);
            return;
        }

        if (low > expected)
        {
            // Deleted unread: [expected, low). What lies between low and offset was skipped for another reason.
            var lastLost = Math.Min(low, offset) - 1;
            var lost = lastLost - expected + 1;
            _metrics.EventsLost(_consumerName, partition.Topic, partition.Partition.Value, lost);
            LogEventsLost(_consumerName, lost, partition.Topic, partition.Partition.Value, expected, lastLost);
        }
    }

    [LoggerMessage(EventId = 2307, Level = LogLevel.Critical, Message = "Consumer {Consumer} lost {Lost} event(s) of {Topic}[{Partition}], offsets {First}..{Last}: the broker deleted them (retention) before they were read. Republish them from the producers' outbox (docs/operations.md)")]
    private partial void LogEventsLost(string consumer, long lost, string topic, int partition, long first, long last);

    [LoggerMessage(EventId = 2308, Level = LogLevel.Warning, Message = "Could not check {Topic}[{Partition}] for events deleted before they were read ({Code} {Reason})")]
    private partial void LogNotChecked(string topic, int partition, ErrorCode code, string reason);
}
