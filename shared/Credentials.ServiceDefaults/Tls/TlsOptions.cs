using System.ComponentModel.DataAnnotations;

namespace Credentials.ServiceDefaults.Tls;

/// <summary>
/// The service's listening endpoint and its mutual-TLS material (PEM files). The internal TLS CA that signs service
/// and client certificates is never the CSCA (ARCHITECTURE.md, "mTLS everywhere").
/// </summary>
public sealed class TlsOptions
{
    public const string SectionName = "Tls";

    /// <summary>Address to bind; loopback by default.</summary>
    [Required]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port of the gRPC endpoint (HTTP/2 over TLS).</summary>
    [Range(1, 65535)]
    public int Port { get; set; }

    /// <summary>PEM certificate of this service (URI SAN spiffe://credentials/&lt;service&gt;).</summary>
    [Required]
    public string CertificatePath { get; set; } = string.Empty;

    /// <summary>PEM (PKCS#8) private key of this service's certificate.</summary>
    [Required]
    public string KeyPath { get; set; } = string.Empty;

    /// <summary>PEM certificate(s) of the CA that client certificates must chain to.</summary>
    [Required]
    public string ClientCaPath { get; set; } = string.Empty;
}
