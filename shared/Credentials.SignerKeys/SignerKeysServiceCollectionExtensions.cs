using Credentials.KeyVault;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credentials.SignerKeys;

/// <summary>Wiring of the signer-key library into a service that holds signer keys.</summary>
public static class SignerKeysServiceCollectionExtensions
{
    /// <summary>
    /// The cached <see cref="SignerKeyStore"/>, csca as the certificate issuer and the <see cref="SignerKeyCertifier"/>.
    /// Needs an <see cref="ISignerKeyRepository"/> (the PostgreSQL one: <c>AddPostgresSignerKeys</c> of
    /// Credentials.SignerKeys.Postgres, which calls this) and an <see cref="IKeyVaultClient"/>.
    /// </summary>
    public static IServiceCollection AddSignerKeys(
        this IServiceCollection services, Func<IServiceProvider, CscaConnection> csca, Func<IServiceProvider, TimeSpan> cacheLifetime)
    {
        ArgumentNullException.ThrowIfNull(csca);
        ArgumentNullException.ThrowIfNull(cacheLifetime);
        services.AddSingleton(sp => new SignerKeyStore(
            sp.GetRequiredService<ISignerKeyRepository>(), cacheLifetime(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SignerKeyStore>>()));
        services.AddSingleton(sp => new CscaSignerCertificateIssuer(csca(sp)));
        services.AddSingleton<ISignerCertificateIssuer>(sp => sp.GetRequiredService<CscaSignerCertificateIssuer>());
        services.AddSingleton(sp => new SignerKeyCertifier(sp.GetRequiredService<IKeyVaultClient>(), sp.GetRequiredService<ISignerCertificateIssuer>()));
        return services;
    }

    /// <summary>The scheduled lifecycle pass (<see cref="SignerKeyLifecycleWorker"/>) every <paramref name="interval"/>.</summary>
    public static IServiceCollection AddSignerKeyLifecycle(this IServiceCollection services, Func<IServiceProvider, TimeSpan> interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        services.AddHostedService(sp => new SignerKeyLifecycleWorker(
            sp.GetRequiredService<SignerKeyStore>(), interval(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SignerKeyLifecycleWorker>>()));
        return services;
    }
}
