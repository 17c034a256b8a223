using System.ComponentModel.DataAnnotations;

namespace Credentials.ServiceDefaults;

/// <summary>
/// An optional plain-text HTTP/2 listener that serves only <c>grpc.health.v1.Health</c>, for orchestrator probes that
/// cannot present a client certificate (the Kubernetes kubelet). Everything else stays behind mutual TLS.
/// </summary>
public sealed class HealthEndpointOptions
{
    public const string SectionName = "Health";

    /// <summary>Port of the probe listener; 0 (the default) disables it.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }
}
