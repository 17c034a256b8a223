using Credentials.Core;
using Credentials.Icao9303;
using Credentials.Outbox;
using Credentials.Outbox.Kafka;
using Credentials.Outbox.Postgres;
using Credentials.Pkd.Application;
using Credentials.Pkd.Grpc;
using Credentials.Pkd.Infrastructure;
using Credentials.Pkd.Options;
using Credentials.ServiceDefaults;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Pkd;

/// <summary>Wiring of the pkd service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class PkdServiceRegistration
{
    public static WebApplicationBuilder AddPkdServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<PkdOptions>(PkdOptions.SectionName);
        services.AddSingleton<IValidateOptions<PkdOptions>, PkdOptionsValidator>();

        services.AddPostgresStorage();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionTranslator, Icao9303ExceptionTranslator>());
        services.AddS3ObjectStore();
        services.AddKafkaEvents();
        services.AddOutboxRelay();
        services.AddHttpClient(SourceFetcher.HttpClientName);

        services.AddSingleton(provider => PkdSession.Of(provider.GetRequiredService<NpgsqlDataSource>()));
        // Infrastructure implements what Application asks for (docs/architecture.md, "Service shape").
        services.AddSingleton<ISyncRunStore, SyncRunRepository>();
        services.AddSingleton<IArtifactStore, ArtifactRepository>();
        services.AddSingleton<ICertificateStore, CertificateRepository>();
        services.AddSingleton<ICrlStore, CrlRepository>();
        services.AddSingleton<IChangeFeed, ChangeFeedRepository>();
        services.AddSingleton<IArtifactSource, SourceFetcher>();
        services.AddSingleton<ISyncWriter, UnitCommitter>();
        services.AddSingleton<PkdEventWriter>();
        services.AddHostedService<SyncScheduler>();
        services.AddSingleton<SourceCatalog>();
        services.AddSingleton<SyncEngine>();
        services.AddSingleton<SyncCoordinator>();
        services.AddSingleton<SyncNowHandler>();
        services.AddSingleton<SyncStatusHandler>();
        services.AddSingleton<ListCertificatesHandler>();
        services.AddSingleton<GetCrlHandler>();
        services.AddSingleton<WatchUpdatesHandler>();
        services.AddSingleton<ExportLdifHandler>();
        services.AddSchemaMigrations(
            IdempotencySchema.Migrations, EmbeddedMigrations.Load(typeof(PkdServiceRegistration).Assembly, "pkd"), OutboxSchema.Migrations);
        services.AddBucketMigration();
        return builder;
    }

    public static WebApplication MapPkdServices(this WebApplication app)
    {
        app.MapGrpcService<PkdGrpcService>();
        return app;
    }
}
