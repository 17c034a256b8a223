using System.ComponentModel.DataAnnotations;

namespace Credentials.TrustAnchor.Options;

/// <summary>
/// Redis connection (configuration section <see cref="SectionName"/>): a StackExchange.Redis configuration string
/// (<c>host:port,ssl=true,password=...</c>) and the PEM of the CA that signed the server certificate, trusted through
/// <c>ConfigurationOptions.TrustIssuer</c>. Redis is a cache only: when it is down the service reads PostgreSQL.
/// </summary>
internal sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>StackExchange.Redis configuration string; in development <c>$CRED_REDIS_CONFIGURATION</c>.</summary>
    [Required]
    [MinLength(1)]
    public string Configuration { get; set; } = string.Empty;

    /// <summary>PEM of the CA of the Redis server certificate; empty to use the system trust store.</summary>
    public string? CaPath { get; set; }
}
