using Credentials.Core;

namespace Credentials.SignerKeys;

/// <summary>
/// How a service reaches csca: its endpoint, the TLS material of its own client identity (already resolved against
/// the service's Tls defaults), the deadline of every call, and the error to raise when no endpoint is configured.
/// </summary>
public sealed record CscaConnection
{
    /// <summary><c>host:port</c> of csca; empty = not configured (<see cref="NotConfigured"/>).</summary>
    public required string Endpoint { get; init; }

    public required string CaPath { get; init; }

    public required string ClientCertificatePath { get; init; }

    public required string ClientKeyPath { get; init; }

    public required TimeSpan Deadline { get; init; }

    /// <summary>The service's own error (its reason code and configuration key) when <see cref="Endpoint"/> is empty.</summary>
    public required Func<CredentialsException> NotConfigured { get; init; }

    /// <summary>A service's own csca client setting, else its general Tls one (<c>Tls:CertificatePath</c> and friends).</summary>
    public static string SettingOrDefault(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
