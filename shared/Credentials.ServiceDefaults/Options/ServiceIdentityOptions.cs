using System.ComponentModel.DataAnnotations;

namespace Credentials.ServiceDefaults;

/// <summary>Which service this process is; used for the error domain, telemetry and logs.</summary>
public sealed class ServiceIdentityOptions
{
    public const string SectionName = "Service";

    /// <summary>Short name, e.g. <c>csca</c>, <c>document-signer</c>.</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{1,40}$")]
    public string Name { get; set; } = string.Empty;
}
