using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credentials.SignerKeys.Postgres;

/// <summary>Wiring of the signer-key library with its keys in PostgreSQL.</summary>
public static class PostgresSignerKeysServiceCollectionExtensions
{
    /// <summary>
    /// The service's <c>signer_keys</c> table as the <see cref="ISignerKeyRepository"/> (<see cref="PostgresSignerKeyRepository"/>)
    /// and the library around it (<see cref="SignerKeysServiceCollectionExtensions.AddSignerKeys"/>). Needs an
    /// <see cref="Npgsql.NpgsqlDataSource"/> (<c>AddPostgresStorage</c>) and an <see cref="KeyVault.IKeyVaultClient"/>.
    /// </summary>
    public static IServiceCollection AddPostgresSignerKeys(
        this IServiceCollection services, Func<IServiceProvider, CscaConnection> csca, Func<IServiceProvider, TimeSpan> cacheLifetime)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ISignerKeyRepository, PostgresSignerKeyRepository>();
        return services.AddSignerKeys(csca, cacheLifetime);
    }
}
