using Credentials.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Credentials.Storage.S3;

/// <summary>DI wiring for the S3 object store.</summary>
public static class S3ServiceCollectionExtensions
{
    /// <summary>Registers <see cref="S3StorageOptions"/> (section <c>S3</c>, validated at start-up) and
    /// <see cref="S3ObjectStore"/> as the singleton <see cref="IObjectStore"/>, and the translation of its failures
    /// (<see cref="StorageExceptionTranslator"/>).</summary>
    public static IServiceCollection AddS3ObjectStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<S3StorageOptions>().BindConfiguration(S3StorageOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3StorageOptions>, S3StorageOptionsValidator>());
        services.TryAddSingleton<S3ObjectStore>();
        services.TryAddSingleton<IObjectStore>(provider => provider.GetRequiredService<S3ObjectStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionTranslator, StorageExceptionTranslator>());
        return services;
    }

    /// <summary>Registers the <c>migrate</c> step that creates the object bucket when it is missing (after the steps
    /// registered before it).</summary>
    public static IServiceCollection AddBucketMigration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IMigrationStep, BucketMigrationStep>();
        return services;
    }
}
