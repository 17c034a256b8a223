using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Core;
using Credentials.Icao9303;
using Credentials.Outbox;
using Credentials.Outbox.Kafka;
using Credentials.Outbox.Postgres;
using Credentials.ServiceDefaults;
using Credentials.ServiceDefaults.Grpc;
using Credentials.Storage;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Grpc;
using Credentials.TrustAnchor.Infrastructure;
using Credentials.TrustAnchor.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credentials.TrustAnchor;

/// <summary>Wiring of the trust-anchor service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class TrustAnchorServiceRegistration
{
    /// <summary>Room for ImportTrustMaterial's fields other than content (request_id, source, framing).</summary>
    private const int ImportEnvelopeBytes = 64 * 1024;

    public static WebApplicationBuilder AddTrustAnchorServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<TrustAnchorOptions>(TrustAnchorOptions.SectionName);
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<TrustAnchorOptions>, TrustAnchorOptionsValidator>();
        services.AddValidatedOptions<RedisOptions>(RedisOptions.SectionName);

        services.AddPostgresStorage();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionTranslator, Icao9303ExceptionTranslator>());

        // No object store here (the store is PostgreSQL only), so no S3-spanning unit of work either.
        services.RemoveAll<IUnitOfWork>();
        services.AddKafkaEvents();
        services.AddOutbox();
        services.AddMetrics();

        // A Master List import may be as large as TrustAnchor:MaxImportBytes (plus the request's other fields); every
        // other RPC keeps the default receive limit.
        services.AddGrpcMethodReceiveLimit<TrustAnchorGrpcService, TrustAnchorOptions>(
            TrustAnchorService.Descriptor.FindMethodByName(nameof(TrustAnchorService.TrustAnchorServiceBase.ImportTrustMaterial)) is { } import
                ? $"/{TrustAnchorService.Descriptor.FullName}/{import.Name}"
                : throw new InvalidOperationException("ImportTrustMaterial is missing from the service descriptor."),
            options => options.MaxImportBytes + ImportEnvelopeBytes);
        services.AddSingleton<TrustEventMetrics>();
        services.AddSingleton<TrustStoreRepository>();
        services.AddSingleton<ITrustMaterialSource>(provider => provider.GetRequiredService<TrustStoreRepository>());
        services.AddSingleton<ITrustStore>(provider => provider.GetRequiredService<TrustStoreRepository>());
        services.AddSingleton<RedisTrustMaterialCache>();
        services.AddSingleton<ITrustMaterialCache>(provider => provider.GetRequiredService<RedisTrustMaterialCache>());
        services.AddSingleton<TrustSnapshotProvider>();
        services.AddSingleton<VerifyDocumentHandler>();
        services.AddSingleton<VerifySealHandler>();
        services.AddSingleton<VerifyCertificateHandler>();
        services.AddSingleton<ImportTrustMaterialHandler>();
        services.AddSingleton<ListTrustAnchorsHandler>();
        services.AddSingleton<RemoveTrustAnchorHandler>();
        services.AddSingleton<GetTrustStoreStatusHandler>();
        // Translation only and stateless over singletons: one instance serves every call (gRPC resolves a registered
        // service instead of constructing one, with its eight dependencies, per call).
        services.AddSingleton<TrustAnchorGrpcService>();
        services.AddHostedService<TrustSnapshotRefresher>();
        services.AddHostedService<TrustEventConsumer>();
        services.AddSchemaMigrations(
            IdempotencySchema.Migrations, EmbeddedMigrations.Load(typeof(TrustAnchorServiceRegistration).Assembly, "trust_anchor"), OutboxSchema.Migrations);
        return builder;
    }

    public static WebApplication MapTrustAnchorServices(this WebApplication app)
    {
        app.MapGrpcService<TrustAnchorGrpcService>();
        return app;
    }

    /// <summary>
    /// Accepts <c>ConnectionStrings:Postgres</c> (what the scripts and the integration suite pass) for the setting the
    /// storage library binds (<c>Postgres:ConnectionString</c>); an explicitly set library key wins.
    /// </summary>
    private static void AddConfigurationAliases(ConfigurationManager configuration)
    {
        if (string.IsNullOrEmpty(configuration["Postgres:ConnectionString"]) && !string.IsNullOrEmpty(configuration["ConnectionStrings:Postgres"]))
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Postgres:ConnectionString"] = configuration["ConnectionStrings:Postgres"] });
        }
    }
}
