using Confluent.Kafka;

namespace Credentials.Outbox.Kafka;

/// <summary>
/// Kafka settings (configuration section <c>Kafka</c>). Defaults suit the local dev broker; production values:
/// <c>SecurityProtocol=SaslSsl</c> (or <c>Ssl</c> with client certificates), <c>SslCaLocation</c> set, acks=all,
/// idempotence on, topics with replication factor 3 and <c>min.insync.replicas=2</c> (a broker/topic setting),
/// <c>SessionTimeoutMs=45000</c>, <c>HeartbeatIntervalMs=3000</c>.
/// </summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>Comma-separated host:port list; in development <c>$CRED_KAFKA_BOOTSTRAP</c>.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    public string ClientId { get; set; } = "credentials";

    public SecurityProtocol SecurityProtocol { get; set; } = SecurityProtocol.Plaintext;

    /// <summary>PEM file of the CA that signed the brokers' certificates.</summary>
    public string? SslCaLocation { get; set; }

    /// <summary>Client certificate (PEM) for mTLS to the brokers.</summary>
    public string? SslCertificateLocation { get; set; }

    /// <summary>Client key (PEM) for mTLS to the brokers.</summary>
    public string? SslKeyLocation { get; set; }

    public SaslMechanism? SaslMechanism { get; set; }

    public string? SaslUsername { get; set; }

    /// <summary>From the environment or a file only.</summary>
    public string? SaslPassword { get; set; }

    /// <summary>Must stay <see cref="Acks.All"/> (required by idempotence).</summary>
    public Acks Acks { get; set; } = Acks.All;

    public bool EnableIdempotence { get; set; } = true;

    /// <summary>How long the producer keeps retrying one message before reporting it failed.</summary>
    public int MessageTimeoutMs { get; set; } = 30_000;

    public double LingerMs { get; set; } = 5;

    /// <summary>Consumer group of <see cref="KafkaInboxConsumer{TTransaction}"/>.</summary>
    public string ConsumerGroupId { get; set; } = string.Empty;

    /// <summary>6000 for the dev broker (INFRA.md: rejoin otherwise takes ~44 s).</summary>
    public int SessionTimeoutMs { get; set; } = 6_000;

    /// <summary>500 for the dev broker (INFRA.md).</summary>
    public int HeartbeatIntervalMs { get; set; } = 500;

    /// <summary>
    /// Bound of the consumer's prefetch queue in KiB (librdkafka <c>queued.max.messages.kbytes</c>; its default is 64 MiB).
    /// The consumers handle one event per transaction, so a few MiB ahead is plenty and keeps memory flat under load.
    /// </summary>
    public int ConsumerQueuedMaxKbytes { get; set; } = 4096;

    /// <summary>The consumer commits its stored offsets after this many handled messages (and when idle).</summary>
    public int CommitEvery { get; set; } = 100;

    /// <summary>
    /// Test-only exception to "outside Development the broker connection is TLS": lets a Production-mode test run
    /// against the plaintext dev broker. Refused unless the process also carries the test-only setting
    /// <see cref="KafkaOptionsValidator.TestOnlyGate"/>=1 (an environment variable no shipped configuration sets), and
    /// logged as a warning at every start-up when in effect. Never set it in a deployment.
    /// </summary>
    public bool AllowPlaintextForTests { get; set; }

    /// <summary>Extra librdkafka properties, applied last (e.g. <c>socket.keepalive.enable</c>).</summary>
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);
}
