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
using Credentials.ServiceDefaults;
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
        AddConfigurationAliases(builder.Configuration);
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

        services.AddSingleton<CscaRepository>();
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
        services.AddSingleton<IMigrationStep, CscaMigrationStep>();
        return builder;
    }

    public static WebApplication MapCscaServices(this WebApplication app)
    {
        app.MapGrpcService<CscaGrpcService>();
        return app;
    }

    /// <summary>
    /// Accepts the names the deployment scripts and the integration suite pass (<c>ConnectionStrings:Postgres</c>,
    /// <c>KeyVault:Pkcs11:*</c>) for the settings the shared libraries bind (<c>Postgres:ConnectionString</c>,
    /// <c>KeyVault:*</c>); an explicitly set library key wins.
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
