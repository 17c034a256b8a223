using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>DI registration of the PKCS#11 key vault.</summary>
public static class Pkcs11KeyVaultServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="Pkcs11KeyVaultClient"/> as the singleton <see cref="IKeyVaultClient"/>, with
    /// <see cref="KeyVaultOptions"/> bound from the "KeyVault" section and validated at start-up.
    /// </summary>
    public static IServiceCollection AddPkcs11KeyVault(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddKeyVaultOptions();
        services.TryAddSingleton(sp => new Pkcs11KeyVaultClient(
            sp.GetRequiredService<IOptions<KeyVaultOptions>>(),
            sp.GetService<ILogger<Pkcs11KeyVaultClient>>()));
        services.TryAddSingleton<IKeyVaultClient>(sp => sp.GetRequiredService<Pkcs11KeyVaultClient>());
        return services;
    }

    /// <summary>Adds the key vault readiness check (tagged "ready").</summary>
    public static IHealthChecksBuilder AddPkcs11KeyVault(this IHealthChecksBuilder builder, string name = "keyvault")
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new Pkcs11KeyVaultHealthCheck(sp.GetRequiredService<Pkcs11KeyVaultClient>()),
            HealthStatus.Unhealthy,
            ["ready", "keyvault"]));
    }
}
