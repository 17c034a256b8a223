using System.ComponentModel.DataAnnotations;
using Credentials.Storage;

namespace Credentials.Ledger.Options;

/// <summary>Ledger settings (configuration section <c>Ledger</c>).</summary>
public sealed class LedgerOptions
{
    public const string SectionName = "Ledger";

    /// <summary>Event topics the ledger consumes (default: every <c>credentials.*.v1.events</c> topic of
    /// tools/dev-broker/topics.txt, set in appsettings.json).</summary>
    [MinLength(1)]
    public string[] Topics { get; set; } = [];

    /// <summary>Consumer name recorded in the inbox (deduplication key together with the event id).</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9_.-]{0,62}$")]
    public string ConsumerName { get; set; } = "ledger";

    /// <summary>At most this many consumed events are appended in one transaction (one advisory lock, one commit).</summary>
    [Range(1, 10_000)]
    public int IngestBatchSize { get; set; } = 500;

    /// <summary>A batch closes once its envelopes reach this many bytes (one larger envelope is a batch alone).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int IngestBatchMaxBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>How long a batch waits for more events after its first one; bounds the added latency.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan IngestLinger { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>A checkpoint is signed once this many entries follow the last one.</summary>
    [Range(1, 10_000_000)]
    public int CheckpointEveryEntries { get; set; } = 1000;

    /// <summary>A checkpoint is signed at least this often while new entries arrive.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>HSM label (CKA_LABEL) of the ledger's ECDSA P-256 checkpoint key; generated on first use.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    public string CheckpointKeyLabel { get; set; } = "ledger-checkpoint";

    /// <summary>Object Lock retention of archived checkpoints.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "36500.00:00:00")]
    public TimeSpan CheckpointRetention { get; set; } = TimeSpan.FromDays(3650);

    /// <summary>Object Lock mode of archived checkpoints.</summary>
    public ObjectRetentionMode CheckpointRetentionMode { get; set; } = ObjectRetentionMode.Compliance;

    /// <summary>The PostgreSQL role the service writes with (INSERT/SELECT on the entries; created by migrate).</summary>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$")]
    public string WriterRole { get; set; } = "ledger_writer";

    /// <summary>Environment variable holding the writer role's password. When it is unset or empty, the password is
    /// derived from the owner's password (HMAC-SHA-256, see docs/ledger.md) so migrate and run agree without a file.</summary>
    [Required]
    public string WriterPasswordEnvironmentVariable { get; set; } = "CRED_LEDGER_WRITER_PASSWORD";
}
