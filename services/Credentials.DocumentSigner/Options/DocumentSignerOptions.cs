namespace Credentials.DocumentSigner.Options;

/// <summary>
/// Settings of the document-signer service (configuration section <see cref="SectionName"/>). Durations use the TimeSpan
/// format <c>d.hh:mm:ss</c>. Secrets (the document-number HMAC key) come only from a file or an environment variable.
/// </summary>
internal sealed class DocumentSignerOptions
{
    public const string SectionName = "DocumentSigner";

    /// <summary><c>host:port</c> of the csca service (CreateSignerKey asks it for certificates). Empty: CreateSignerKey fails.</summary>
    public string CscaEndpoint { get; set; } = string.Empty;

    /// <summary>Client certificate (PEM) presented to csca; empty = the service's own <c>Tls:CertificatePath</c>.</summary>
    public string CscaClientCertificatePath { get; set; } = string.Empty;

    /// <summary>Key of <see cref="CscaClientCertificatePath"/>; empty = <c>Tls:KeyPath</c>.</summary>
    public string CscaClientKeyPath { get; set; } = string.Empty;

    /// <summary>CA bundle csca's server certificate must chain to; empty = <c>Tls:ClientCaPath</c>.</summary>
    public string CscaCaPath { get; set; } = string.Empty;

    /// <summary>Deadline of each call to csca.</summary>
    public TimeSpan CscaDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Kafka topic of the service's events.</summary>
    public string EventsTopic { get; set; } = "credentials.document-signer.v1.events";

    /// <summary>Largest data group content accepted (DG2 face images and DG3 fingerprints are the big ones).</summary>
    public int MaxDataGroupContentBytes { get; set; } = 512 * 1024;

    /// <summary>Largest sum of data group contents in one request.</summary>
    public int MaxRequestContentBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Longest request_id accepted.</summary>
    public int MaxRequestIdLength { get; set; } = 128;

    /// <summary>Longest document number accepted (it is only keyed-hashed).</summary>
    public int MaxDocumentNumberLength { get; set; } = 64;

    /// <summary>How often the lifecycle service retires keys past their private key usage period and activates pending ones.</summary>
    public TimeSpan KeyLifecycleInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the in-process view of the signer keys may be stale (other instances' changes).</summary>
    public TimeSpan KeyCacheLifetime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Writes the signingTime signed attribute (RFC 5652 §11.3) with the issuance time.</summary>
    public bool IncludeSigningTime { get; set; } = true;

    /// <summary>Identifier of the document-number HMAC key, written next to every hash (rotation).</summary>
    public string DocumentNumberKeyId { get; set; } = string.Empty;

    /// <summary>File holding the document-number HMAC key (raw bytes, at least 32).</summary>
    public string DocumentNumberKeyPath { get; set; } = string.Empty;

    /// <summary>Environment variable holding the document-number HMAC key (base64, at least 32 bytes decoded).</summary>
    public string DocumentNumberKeyEnvironmentVariable { get; set; } = "CRED_DOCUMENT_NUMBER_HMAC_KEY";

    /// <summary>
    /// Group-commit workers of SignSecurityObject: each writes one group (one transaction) at a time, taking whatever
    /// signings are queued when it is free.
    /// </summary>
    public int SigningGroupWorkers { get; set; } = 4;

    /// <summary>Most signings written in one group (one transaction).</summary>
    public int MaxSigningGroupSize { get; set; } = 64;

    /// <summary>Most signings waiting for a group; beyond it SignSecurityObject answers ResourceExhausted (SERVER_BUSY).</summary>
    public int MaxQueuedSignings { get; set; } = 4096;

    /// <summary>
    /// Concurrent signings allowed in one SignSecurityObjectBatch stream. They join the group commit like unary calls, so
    /// this is what lets one stream fill groups: 8 made the stream slower than 16 unary calls, 64 about 2.4× faster.
    /// </summary>
    public int BatchConcurrency { get; set; } = 64;

    /// <summary>How often the archiver copies newly signed EF.SOD bytes from PostgreSQL to S3 (it continues at once while there is more).</summary>
    public TimeSpan ArchiveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Issuances claimed per archive pass, written to S3 as one bundle object (one PUT). 1,024 EF.SODs of ~1.6 KB make a
    /// bundle of ~1.6 MiB; at 10,000 (the maximum) and the largest EF.SOD document-signer makes, well below 100 MiB.
    /// </summary>
    public int ArchiveBatchSize { get; set; } = 1024;
}
