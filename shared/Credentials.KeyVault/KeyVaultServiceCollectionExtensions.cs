using Credentials.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Credentials.KeyVault;

/// <summary>DI registration of the key vault options and of the software vault (unit tests).</summary>
public static class KeyVaultServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="KeyVaultOptions"/> from the <see cref="KeyVaultOptions.SectionName"/> section and validates them
    /// at start-up. Implementations (AddPkcs11KeyVault) call this; a service rarely needs to.
    /// </summary>
    public static OptionsBuilder<KeyVaultOptions> AddKeyVaultOptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The validator's IConfiguration parameter is optional: without one it cannot look for a PIN in clear.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeyVaultOptions>, KeyVaultOptionsValidator>());
        services.AddKeyVaultErrorTranslation();
        return services.AddOptions<KeyVaultOptions>()
            .BindConfiguration(KeyVaultOptions.SectionName)
            .ValidateOnStart();
    }

    /// <summary>
    /// Registers the in-memory <see cref="SoftwareKeyVaultClient"/> as <see cref="IKeyVaultClient"/>. For tests only:
    /// resolving it in the Production environment throws.
    /// </summary>
    public static IServiceCollection AddSoftwareKeyVault(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new SoftwareKeyVaultClient(sp.GetRequiredService<IHostEnvironment>()));
        services.TryAddSingleton<IKeyVaultClient>(sp => sp.GetRequiredService<SoftwareKeyVaultClient>());
        services.AddKeyVaultErrorTranslation();
        return services;
    }

    /// <summary>
    /// Registers <see cref="KeyVaultExceptionTranslator"/> with the host's exception interceptor (once, however often it
    /// is called). Every vault registration above calls it, so a service using the vault never translates HSM failures itself.
    /// </summary>
    public static IServiceCollection AddKeyVaultErrorTranslation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionTranslator, KeyVaultExceptionTranslator>());
        return services;
    }
}
