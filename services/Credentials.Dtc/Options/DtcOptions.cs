using System.ComponentModel.DataAnnotations;

namespace Credentials.Dtc.Options;

/// <summary>
/// Settings of the dtc service (configuration section <see cref="SectionName"/>). Durations use the TimeSpan format
/// <c>d.hh:mm:ss</c>.
/// </summary>
internal sealed class DtcOptions
{
    public const string SectionName = "Dtc";

    /// <summary>
    /// <c>host:port</c> of the trust-anchor service: Passive Authentication of the source eMRTD (IssueDtc) and of the
    /// embedded SOD (VerifyDtc) is its VerifyDocument. Empty: IssueDtc and VerifyDtc fail with FAILED_PRECONDITION.
    /// </summary>
    public string TrustAnchorEndpoint { get; set; } = string.Empty;

    /// <summary>Client certificate (PEM) presented to trust-anchor (identity <c>dtc</c>); empty = the service's own <c>Tls:CertificatePath</c>.</summary>
    public string TrustAnchorClientCertificatePath { get; set; } = string.Empty;

    /// <summary>Key of <see cref="TrustAnchorClientCertificatePath"/>; empty = <c>Tls:KeyPath</c>.</summary>
    public string TrustAnchorClientKeyPath { get; set; } = string.Empty;

    /// <summary>CA bundle trust-anchor's server certificate must chain to; empty = <c>Tls:ClientCaPath</c>.</summary>
    public string TrustAnchorCaPath { get; set; } = string.Empty;

    /// <summary>Deadline of each call to trust-anchor.</summary>
    public TimeSpan TrustAnchorDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>host:port</c> of the csca service: the DTC Signer certificate of the eMRTD-PC bound and PC bound bindings is
    /// its IssueSignerCertificate (kind DTC_SIGNER). Empty: those bindings fail with FAILED_PRECONDITION.
    /// </summary>
    public string CscaEndpoint { get; set; } = string.Empty;

    /// <summary>Client certificate (PEM) presented to csca (identity <c>dtc</c>); empty = the service's own <c>Tls:CertificatePath</c>.</summary>
    public string CscaClientCertificatePath { get; set; } = string.Empty;

    /// <summary>Key of <see cref="CscaClientCertificatePath"/>; empty = <c>Tls:KeyPath</c>.</summary>
    public string CscaClientKeyPath { get; set; } = string.Empty;

    /// <summary>CA bundle csca's server certificate must chain to; empty = <c>Tls:ClientCaPath</c>.</summary>
    public string CscaCaPath { get; set; } = string.Empty;

    /// <summary>Deadline of each call to csca.</summary>
    public TimeSpan CscaDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The CSCA lineage (csca_id) that certifies the DTC Signer key; empty = csca's only CSCA.</summary>
    public string SignerCscaId { get; set; } = string.Empty;

    /// <summary>commonName of the DTC Signer certificate request (the key label is appended); the CSCA adds its country.</summary>
    [Required]
    [StringLength(48, MinimumLength = 1)]
    public string SignerCommonName { get; set; } = "DTC Signer";

    /// <summary>
    /// Document Type List entry of the DTC Signer certificate (Doc 9303 Part 12 Table 6 extension 2.23.136.1.1.6.2). "V"
    /// is our choice: the suite's profile linter classifies a signer whose types all start with V as a DTC Signer.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Z][A-Z0-9<]?$")]
    public string SignerDocumentType { get; set; } = "V";

    /// <summary>
    /// How long a good status of the current DTC Signer certificate (trust-anchor VerifyCertificate) is reused by IssueDtc
    /// before it is asked again; a REVOKED or EXPIRED answer retires the key and a new one is made.
    /// </summary>
    public TimeSpan SignerStatusCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest validity of an issued DTC (also the default); never beyond the eMRTD's date of expiry.</summary>
    public TimeSpan MaxValidity { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Kafka topic of the service's events.</summary>
    [Required]
    public string EventsTopic { get; set; } = "credentials.dtc.v1.events";

    /// <summary>Largest DTCContentInfo accepted by VerifyDtc (and produced by IssueDtc).</summary>
    [Range(64 * 1024, 64 * 1024 * 1024)]
    public int MaxContentInfoBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest single data group accepted.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxDataGroupBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Largest EF.SOD accepted.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxSecurityObjectBytes { get; set; } = 64 * 1024;

    /// <summary>Longest request_id accepted.</summary>
    [Range(16, 1024)]
    public int MaxRequestIdLength { get; set; } = 128;
}
