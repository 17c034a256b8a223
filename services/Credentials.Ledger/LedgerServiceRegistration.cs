using Credentials.Ledger.Application;
using Credentials.Ledger.Grpc;
using Credentials.Ledger.Infrastructure;
using Credentials.Ledger.Options;
using Credentials.KeyVault.Pkcs11;
using Credentials.Outbox;
using Credentials.Outbox.Kafka;
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
        AddConfigurationAliases(builder.Configuration);
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

        services.AddSingleton<LedgerRepository>();
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

    /// <summary>
    /// Accepts the names the deployment scripts and the integration suite pass (<c>ConnectionStrings:Postgres</c>,
    /// <c>KeyVault:Pkcs11:*</c>) for the settings the shared libraries bind; an explicitly set library key wins.
    /// </summary>
    private static void AddConfigurationAliases(ConfigurationManager configuration)
    {
        var aliases = new Dictionary<string, string?>();
        void Alias(string target, string source)
        {
            if (string.IsNullOrEmpty(configuration[target]) && !string.IsNullOrEmpty(configuration[source]))
            {
                aliases[target] = configuration[source];
            }
        }

        Alias("Postgres:ConnectionString", "ConnectionStrings:Postgres");
        foreach (var key in new[] { "ModulePath", "TokenLabel", "PinFile", "PinEnvironmentVariable", "MaxSessions", "SessionWaitTimeout" })
        {
            Alias($"KeyVault:{key}", $"KeyVault:Pkcs11:{key}");
        }

        if (aliases.Count > 0)
        {
            configuration.AddInMemoryCollection(aliases);
        }
    }
}
