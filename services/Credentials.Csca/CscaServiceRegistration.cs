using System.Security.Cryptography;
using Credentials.Core;
using Credentials.Csca.Application;
using Credentials.Csca.Grpc;
using Credentials.Csca.Infrastructure;
using Credentials.Csca.Options;
using Credentials.Icao9303;
using Credentials.KeyVault.Pkcs11;
using Credentials.Outbox;
using Credentials.Outbox.Kafka;
using Credentials.Outbox.Postgres;
using Credentials.ServiceDefaults;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Credentials.Csca;

/// <summary>Wiring of the csca service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class CscaServiceRegistration
{
    public static WebApplicationBuilder AddCscaServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CscaOptions>().BindConfiguration(CscaOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CscaOptions>, CscaOptionsValidator>();

        services.AddPkcs11KeyVault();
        services.AddHealthChecks().AddPkcs11KeyVault();
        services.AddPostgresStorage();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionTranslator, Icao9303ExceptionTranslator>());
        services.AddS3ObjectStore();
        services.AddKafkaEvents();
        services.AddOutboxRelay();

        services.AddSingleton<ICscaStore, CscaRepository>();
        services.AddSingleton<CscaEventWriter>();
        services.AddSingleton<CscaIssuing>();
        services.AddSingleton<IdempotentRequests>();
        services.AddSingleton<CreateCscaHandler>();
        services.AddSingleton<RolloverCscaHandler>();
        services.AddSingleton<IssueSignerCertificateHandler>();
        services.AddSingleton<RevokeCertificateHandler>();
        services.AddSingleton<PublishCrlHandler>();
        services.AddSingleton<GetCrlHandler>();
        services.AddSingleton<ListCertificatesHandler>();
        services.AddSingleton<SignMasterListHandler>();
        services.AddSingleton<CscaHandlers>();
        services.AddSingleton(_ => RandomNumberGenerator.Create());
        services.AddHostedService<CrlRepublishService>();
        services.AddSchemaMigrations(
            IdempotencySchema.Migrations, EmbeddedMigrations.Load(typeof(CscaServiceRegistration).Assembly, "csca"), OutboxSchema.Migrations);
        services.AddBucketMigration();
        return builder;
    }

    public static WebApplication MapCscaServices(this WebApplication app)
    {
        app.MapGrpcService<CscaGrpcService>();
        return app;
    }
}
