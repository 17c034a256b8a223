using System.ComponentModel.DataAnnotations;

namespace Credentials.TrustAnchor.Options;

/// <summary>
/// Settings of the trust-anchor service (configuration section <see cref="SectionName"/>). Durations use the TimeSpan
/// format <c>hh:mm:ss</c>.
/// </summary>
internal sealed class TrustAnchorOptions
{
    public const string SectionName = "TrustAnchor";

    /// <summary>Kafka topics whose events feed the store: pkd (<c>trust.updated</c>) and csca (<c>certificate.*</c>, <c>crl.published</c>).</summary>
    [MinLength(1)]
    public IList<string> ConsumedTopics { get; } = [];

    /// <summary>
    /// Safety net behind the event-driven invalidation: the in-process snapshot compares its store version with
    /// PostgreSQL at this interval and reloads when another replica changed the store and its notice was lost.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Prefix of every Redis key and channel the service uses.</summary>
    [Required]
    [MinLength(1)]
    public string RedisKeyPrefix { get; set; } = "credentials:trust-anchor:";

    /// <summary>How long a cached trust material set stays in Redis (it is keyed by store version, so it never goes stale).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan RedisMaterialTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// At most this many consumed events are applied in one transaction, with one store version (so one snapshot
    /// reload for the batch, not one per event). A PKD sync publishes a few hundred events of up to 512 KiB.
    /// </summary>
    [Range(1, 10_000)]
    public int IngestBatchSize { get; set; } = 64;

    /// <summary>A batch closes once its events reach this many bytes (one larger event is a batch alone).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int IngestBatchMaxBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest EF.SOD accepted by VerifyDocument.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxSecurityObjectBytes { get; set; } = 64 * 1024;

    /// <summary>Largest data group accepted by VerifyDocument (DG2 facial images are the largest).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxDataGroupBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest ImportTrustMaterial content (a Master List of ~600 certificates is about 1 MB).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxImportBytes { get; set; } = 16 * 1024 * 1024;
}
