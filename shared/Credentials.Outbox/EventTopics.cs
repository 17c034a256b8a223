using System.Collections.Frozen;

namespace Credentials.Outbox;

/// <summary>
/// Which service owns which event type, and that service's topic: the allow-list every consumer applies (trust-anchor,
/// ledger). An event is accepted only from the topic of the service that produces it, so whoever can write to some
/// other topic (or to a test topic) cannot forge, say, a <c>credential.revoked</c> or a <c>certificate.issued</c>. This
/// is code, not configuration: a deployment cannot widen it. The catalogue is docs/api.md ("Events") and
/// proto/credentials/events/v1/events.proto.
/// </summary>
public static class EventTopics
{
    public const string Csca = "credentials.csca.v1.events";
    public const string DocumentSigner = "credentials.document-signer.v1.events";
    public const string Dtc = "credentials.dtc.v1.events";
    public const string Pkd = "credentials.pkd.v1.events";
    public const string TrustAnchor = "credentials.trust-anchor.v1.events";
    public const string Ledger = "credentials.ledger.v1.events";

    /// <summary>Prefix of the topics only tests and benchmarks write to (never consumed by a shipped service).</summary>
    public const string TestTopicPrefix = "credentials.tests.";

    private static readonly FrozenDictionary<string, string> OwningTopics = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["certificate.issued"] = Csca,
        ["certificate.revoked"] = Csca,
        ["crl.published"] = Csca,
        ["credential.issued"] = DocumentSigner,
        ["credential.revoked"] = DocumentSigner,
        ["seal.issued"] = DocumentSigner,
        ["dtc.issued"] = Dtc,
        ["dtc.revoked"] = Dtc,
        ["trust.updated"] = Pkd,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The event topics of the suite's services (the only topics a service may consume).</summary>
    public static FrozenSet<string> ServiceTopics { get; } = new[] { Csca, DocumentSigner, Dtc, Pkd, TrustAnchor, Ledger }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every known event type.</summary>
    public static IEnumerable<string> EventTypes => OwningTopics.Keys;

    /// <summary>The topic of the service that owns <paramref name="eventType"/>; null for an unknown type.</summary>
    public static string? OwningTopic(string eventType) => OwningTopics.GetValueOrDefault(eventType);

    /// <summary>True when <paramref name="eventType"/> is known and <paramref name="topic"/> is its owner's topic.</summary>
    public static bool IsAccepted(string eventType, string topic) =>
        OwningTopics.TryGetValue(eventType, out var owner) && string.Equals(owner, topic, StringComparison.Ordinal);

    /// <summary>True for a topic only tests and benchmarks use.</summary>
    public static bool IsTestTopic(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return topic.StartsWith(TestTopicPrefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// Start-up check of a producer's topic: it must be <paramref name="owningTopic"/>, the only topic consumers accept
    /// that service's events from. Returns the failure, or null when valid.
    /// </summary>
    public static string? ValidateProducedTopic(string setting, string? topic, string owningTopic) =>
        string.Equals(topic, owningTopic, StringComparison.Ordinal)
            ? null
            : $"{setting} is '{topic}': it must be {owningTopic}, the only topic consumers accept this service's events from (EventTopics).";

    /// <summary>
    /// Start-up check of a consumer's topic list: every entry must be a service topic (so a test topic, a typo or a
    /// foreign topic is refused); returns the failures, empty when valid.
    /// </summary>
    public static IReadOnlyList<string> ValidateConsumedTopics(string setting, IEnumerable<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var failures = new List<string>();
        foreach (var topic in topics)
        {
            if (IsTestTopic(topic ?? string.Empty))
            {
                failures.Add($"{setting} lists the test topic '{topic}': shipped services never consume test topics.");
            }
            else if (!ServiceTopics.Contains(topic ?? string.Empty))
            {
                failures.Add($"{setting} lists '{topic}', which is not the event topic of a Credentials service ({string.Join(", ", ServiceTopics.Order(StringComparer.Ordinal))}).");
            }
        }

        return failures;
    }
}
