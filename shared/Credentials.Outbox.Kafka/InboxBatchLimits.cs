namespace Credentials.Outbox.Kafka;

/// <summary>
/// How large a batch <see cref="KafkaInboxConsumer{TTransaction}.RunBatchAsync"/> hands to its handler: it closes after
/// <paramref name="MaxEvents"/> messages, after <paramref name="MaxBytes"/> bytes of values, when the partition end is
/// reached, or when <paramref name="Linger"/> has passed since its first message, whichever comes first.
/// </summary>
/// <param name="MaxEvents">At most this many messages per batch (at least 1).</param>
/// <param name="MaxBytes">A batch closes once its values reach this many bytes (a single larger message is a batch alone).</param>
/// <param name="Linger">How long to wait for more messages after the first one (zero: take only what is already fetched).</param>
public sealed record InboxBatchLimits(int MaxEvents, long MaxBytes, TimeSpan Linger)
{
    /// <summary>One message per transaction: the behaviour of <see cref="KafkaInboxConsumer{TTransaction}.RunAsync"/>.</summary>
    public static InboxBatchLimits Single { get; } = new(1, long.MaxValue, TimeSpan.Zero);
}
