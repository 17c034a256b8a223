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
