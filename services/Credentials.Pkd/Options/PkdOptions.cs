namespace Credentials.Pkd.Options;

/// <summary>Sources and tuning of the pkd service (configuration section <see cref="SectionName"/>).</summary>
internal sealed class PkdOptions
{
    public const string SectionName = "Pkd";

    /// <summary>The configured sources.</summary>
    public List<PkdSourceOptions> Sources { get; set; } = [];

    /// <summary>Kafka topic of the service's events.</summary>
    public string EventsTopic { get; set; } = "credentials.pkd.v1.events";

    /// <summary>How often the scheduler looks for due sources.</summary>
    public TimeSpan SchedulerTick { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often WatchUpdates polls the change table while idle.</summary>
    public TimeSpan WatchPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// DSC/CRL entries of an LDIF per unit, the smallest all-or-nothing piece of an artifact (Master Lists: one per unit).
    /// Consecutive units already verified share one transaction (group commit, see <c>SyncEngine</c>).
    /// </summary>
    public int LdifEntriesPerTransaction { get; set; } = 500;

    /// <summary>
    /// Signature verifications of a sync run that run at once (bounded workers); 0 = one per processor. Also bounds how
    /// many units are verified ahead of those being committed (<c>SyncEngine.LookAheadPerWorker</c> per worker).
    /// </summary>
    public int VerificationWorkers { get; set; }

    /// <summary>The effective number of verification workers.</summary>
    public int EffectiveVerificationWorkers => VerificationWorkers > 0 ? VerificationWorkers : Environment.ProcessorCount;

    /// <summary>Upper bound of the DER carried by one TrustUpdated event; larger deltas are split into batches.</summary>
    public int MaxEventPayloadBytes { get; set; } = 512 * 1024;

    /// <summary>Largest artifact accepted from a source.</summary>
    public long MaxArtifactBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Timeout of one HTTPS or S3 fetch.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
