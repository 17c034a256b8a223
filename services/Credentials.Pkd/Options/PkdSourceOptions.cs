namespace Credentials.Pkd.Options;

/// <summary>
/// One configured source: <c>Pkd:Sources:N:{Name,Kind,Location,Type,TrustedMasterListSigners,Schedule,Enabled}</c>.
/// </summary>
internal sealed class PkdSourceOptions
{
    /// <summary>Identifier of the source (lower-case letters, digits, '-', '_', '.'), e.g. <c>de-masterlist</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Where the artifacts come from.</summary>
    public PkdSourceKind Kind { get; set; }

    /// <summary>A directory path, an <c>https://</c> URL, or <c>bucket/prefix</c> for S3.</summary>
    public string Location { get; set; } = string.Empty;

    /// <summary>Format of the artifacts.</summary>
    public PkdSourceType Type { get; set; }

    /// <summary>
    /// Trust policy of the source's Master Lists: SHA-256 fingerprints (64 hex digits) of pinned CSCA or Master List
    /// Signer certificates, or paths of certificate files (DER or PEM, one or many) whose certificates are pinned.
    /// A Master List is accepted only when its signer is pinned or chains to a pinned CSCA.
    /// </summary>
    public List<string> TrustedMasterListSigners { get; set; } = [];

    /// <summary>Schedule: an interval (<c>90s</c>, <c>15m</c>, <c>6h</c>, <c>1d</c>, or a TimeSpan <c>06:00:00</c>) or a
    /// five-field cron expression (UTC); empty = on demand only.</summary>
    public string Schedule { get; set; } = string.Empty;

    /// <summary>
    /// Https sources only: path of a file of CA certificates (PEM or DER) the server's TLS certificate must chain to,
    /// instead of the operating system's roots (a private mirror, or pinning the PKD download host's CA). Empty = the
    /// system roots. Either way the host name is checked and TLS 1.2+ is used.
    /// </summary>
    public string TrustedServerCertificates { get; set; } = string.Empty;

    /// <summary>False to keep the source configured but never synced.</summary>
    public bool Enabled { get; set; } = true;
}
