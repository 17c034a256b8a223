using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// Readiness check of the key vault: the module is loaded, the token found and logged in, and a session answers.
/// Register it for readiness only; liveness must never depend on the HSM (STYLE.md rule 20).
/// </summary>
internal sealed class Pkcs11KeyVaultHealthCheck(Pkcs11KeyVaultClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var health = await client.CheckHealthAsync(cancellationToken);
        return health.IsHealthy
            ? HealthCheckResult.Healthy(health.Description, health.Data)
            : new HealthCheckResult(context.Registration.FailureStatus, health.Description, data: health.Data);
    }
}
