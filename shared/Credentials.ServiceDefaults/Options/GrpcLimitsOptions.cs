using System.ComponentModel.DataAnnotations;

namespace Credentials.ServiceDefaults;

/// <summary>Transport limits applied to every RPC of a service.</summary>
public sealed class GrpcLimitsOptions
{
    public const string SectionName = "Grpc";

    /// <summary>Largest accepted request message in bytes (default 4 MiB).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxReceiveMessageSizeBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message in bytes (default 16 MiB).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxSendMessageSizeBytes { get; set; } = 16 * 1024 * 1024;
}
