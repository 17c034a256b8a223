using Credentials.Dtc.Application;
using Credentials.Dtc.Grpc;
using Credentials.Dtc.Infrastructure;
using Credentials.Dtc.Options;
using Credentials.Outbox;
using Credentials.Outbox.Kafka;
using Credentials.ServiceDefaults;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Microsoft.Extensions.Options;

namespace Credentials.Dtc;

/// <summary>Wiring of the dtc service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class DtcServiceRegistration
{
    public static WebApplicationBuilder AddDtcServices(this WebApplicationBuilder builder)
    {
        AddConfigurationAliases(builder.Configuration);
        var services = builder.Services;
        services.AddValidatedOptions<DtcOptions>(DtcOptions.SectionName);
        services.AddSingleton<IValidateOptions<DtcOptions>, DtcOptionsValidator>();

        services.AddPostgresStorage();
        services.AddS3ObjectStore();
        services.AddKafkaEvents();
        services.AddOutboxRelay();

        services.AddSingleton<DtcRepository>();
        services.AddSingleton<DtcEventWriter>();
        services.AddSingleton<IPassiveAuthenticationService, TrustAnchorPassiveAuthentication>();
        services.AddSingleton<IssueDtcHandler>();
        services.AddSingleton<VerifyDtcHandler>();
        services.AddSingleton<DtcStatusHandler>();
        services.AddSingleton<IMigrationStep, DtcMigrationStep>();
        return builder;
    }

    public static WebApplication MapDtcServices(this WebApplication app)
    {
        app.MapGrpcService<DtcGrpcService>();
        return app;
    }

    /// <summary>
    /// Accepts the names the deployment scripts and the integration suite pass (<c>ConnectionStrings:Postgres</c>) for
    /// the settings the shared libraries bind; an explicitly set library key wins.
    /// </summary>
    private static void AddConfigurationAliases(ConfigurationManager configuration)
    {
        if (string.IsNullOrEmpty(configuration["Postgres:ConnectionString"]) && !string.IsNullOrEmpty(configuration["ConnectionStrings:Postgres"]))
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Postgres:ConnectionString"] = configuration["ConnectionStrings:Postgres"] });
        }
    }
}
