using Credentials.Ledger.Application;
using Credentials.Ledger.Grpc;
using Credentials.Ledger.Infrastructure;
using Credentials.Ledger.Options;
using Credentials.KeyVault.Pkcs11;
using Credentials.Outbox;
using Credentials.Outbox.Kafka;
using Credentials.Outbox.Postgres;
using Credentials.Core;
using Credentials.ServiceDefaults;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Npgsql;

namespace Credentials.Ledger;

/// <summary>Wiring of the ledger service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class LedgerServiceRegistration
{
    public static WebApplicationBuilder AddLedgerServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<LedgerOptions>(LedgerOptions.SectionName);
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<LedgerOptions>, LedgerOptionsValidator>();

        services.AddSingleton<LedgerDatabase>();
        // The service's data source connects as the writer role (INSERT/SELECT on entries); the migrate step opens
        // its own owner connection. Registered before AddPostgresStorage, whose TryAdd then keeps this one.
        services.AddSingleton<NpgsqlDataSource>(provider => provider.GetRequiredService<LedgerDatabase>()
            .CreateWriterDataSource(provider.GetRequiredService<ILoggerFactory>()));
        services.AddPkcs11KeyVault();
        services.AddHealthChecks().AddPkcs11KeyVault();
        services.AddPostgresStorage();
        services.AddS3ObjectStore();
        services.AddKafkaEvents();
        services.AddOutbox();

        services.AddSingleton<ILedgerStore, LedgerRepository>();
        services.AddSingleton<CheckpointKey>();
        services.AddSingleton<CheckpointWriter>();
        services.AddSingleton<LedgerIngestHandler>();
        services.AddSingleton<GetCredentialStatusHandler>();
        services.AddSingleton<ListEventsHandler>();
        services.AddSingleton<VerifyIntegrityHandler>();
        services.AddHostedService<LedgerConsumerService>();
        services.AddHostedService<CheckpointService>();
        services.AddSingleton<IMigrationStep, LedgerMigrationStep>();
        return builder;
    }

    public static WebApplication MapLedgerServices(this WebApplication app)
    {
        app.MapGrpcService<LedgerGrpcService>();
        return app;
    }
}
