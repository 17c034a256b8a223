using Credentials.Core;
using Credentials.Storage.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>DI wiring for PostgreSQL storage.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PostgresOptions"/> (section <c>Postgres</c>, validated at start-up), the one singleton
    /// <see cref="NpgsqlDataSource"/> (its <c>search_path</c> is the service schema), the <see cref="MigrationRunner"/>,
    /// the <see cref="PostgresIdempotencyStore"/> (also as <see cref="IIdempotencyStore"/>) and, when an <see cref="IObjectStore"/> is registered too, the <see cref="IUnitOfWork"/>;
    /// and the translation of database and storage failures (<see cref="PostgresExceptionTranslator"/>,
    /// <see cref="StorageExceptionTranslator"/>).
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresOptions>, PostgresOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => CreateDataSource(
            provider.GetRequiredService<IOptions<PostgresOptions>>().Value,
            provider.GetService<ILoggerFactory>()));
        services.TryAddSingleton<MigrationRunner>();
        services.TryAddSingleton<IUnitOfWork, PostgresUnitOfWork>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionTranslator, PostgresExceptionTranslator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionTranslator, StorageExceptionTranslator>());
        services.TryAddSingleton<PostgresIdempotencyStore>();
        services.TryAddSingleton<IIdempotencyStore>(provider => provider.GetRequiredService<PostgresIdempotencyStore>());
        return services;
    }

    /// <summary>
    /// Registers the <c>migrate</c> step that applies <paramref name="sources"/>, in the order given, to the service
    /// schema. Order matters when a source's script reads a table another creates: list that one first.
    /// </summary>
    public static IServiceCollection AddSchemaMigrations(this IServiceCollection services, params MigrationSource[] sources)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Length == 0)
        {
            throw new ArgumentException("At least one migration source is required.", nameof(sources));
        }

        var list = sources.ToArray();
        services.AddSingleton<IMigrationStep>(provider => new SchemaMigrationStep(
            provider.GetRequiredService<MigrationRunner>(), provider.GetRequiredService<IOptions<PostgresOptions>>(), list));
        return services;
    }

    /// <summary>
    /// Builds the data source for <paramref name="options"/>: the schema is the search path; <see cref="PostgresOptions.MaxAutoPrepare"/>
    /// applies unless the connection string sets <c>Max Auto Prepare</c> itself.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(PostgresOptions options, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConnectionStringBuilder.SearchPath = options.Schema;
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0 && options.MaxAutoPrepare > 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = options.MaxAutoPrepare;
        }
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return builder.Build();
    }
}
