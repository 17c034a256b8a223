using System.Globalization;
using Confluent.Kafka;

namespace Credentials.Outbox.Kafka;

/// <summary>Turns <see cref="KafkaOptions"/> into librdkafka configurations.</summary>
internal static class KafkaConfigFactory
{
    public static ProducerConfig Producer(KafkaOptions options)
    {
        var config = new ProducerConfig
        {
            Acks = options.Acks,
            EnableIdempotence = options.EnableIdempotence,
            MessageTimeoutMs = options.MessageTimeoutMs,
            LingerMs = options.LingerMs,
            // Idempotence keeps order with up to 5 requests in flight per connection.
            MaxInFlight = 5,
        };
        Common(config, options);
        return config;
    }

    public static ConsumerConfig Consumer(KafkaOptions options)
    {
        var config = new ConsumerConfig
        {
            GroupId = options.ConsumerGroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = options.SessionTimeoutMs,
            HeartbeatIntervalMs = options.HeartbeatIntervalMs,
            QueuedMaxMessagesKbytes = options.ConsumerQueuedMaxKbytes,
            FetchMaxBytes = Math.Max(1024 * 1024, options.ConsumerQueuedMaxKbytes * 1024),
        };
        Common(config, options);
        return config;
    }

    private static void Common(ClientConfig config, KafkaOptions options)
    {
        config.BootstrapServers = options.BootstrapServers;
        config.ClientId = options.ClientId;
        config.SecurityProtocol = options.SecurityProtocol;
        config.SslCaLocation = options.SslCaLocation;
        config.SslCertificateLocation = options.SslCertificateLocation;
        config.SslKeyLocation = options.SslKeyLocation;
        config.SaslMechanism = options.SaslMechanism;
        config.SaslUsername = options.SaslUsername;
        config.SaslPassword = options.SaslPassword;
        config.Set("log_level", 4.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in options.Properties)
        {
            config.Set(key, value);
        }
    }
}
