using Credentials.Core;
using Credentials.Dtc.Application;
using Credentials.Dtc.Grpc;
using Credentials.Dtc.Infrastructure;
using Credentials.Dtc.Options;
using Credentials.Grpc;
using Credentials.Icao9303;
using Credentials.KeyVault.Pkcs11;
using Credentials.Outbox;
using Credentials.Outbox.Kafka;
using Credentials.Outbox.Postgres;
using Credentials.ServiceDefaults;
using Credentials.ServiceDefaults.Tls;
using Credentials.SignerKeys;
using Credentials.SignerKeys.Postgres;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Credentials.Dtc;

/// <summary>Wiring of the dtc service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class DtcServiceRegistration
{
    public static WebApplicationBuilder AddDtcServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<DtcOptions>(DtcOptions.SectionName);
        services.AddSingleton<IValidateOptions<DtcOptions>, DtcOptionsValidator>();

        services.AddPkcs11KeyVault();
        services.AddHealthChecks().AddPkcs11KeyVault();
        services.AddPostgresStorage();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionTranslator, Icao9303ExceptionTranslator>());
        services.AddS3ObjectStore();
        services.AddKafkaEvents();
        services.AddOutboxRelay();

        services.AddSingleton<IDtcStore, DtcRepository>();
        services.AddSingleton<DtcEventWriter>();
        services.AddSingleton<TrustAnchorPassiveAuthentication>();
        services.AddSingleton<IPassiveAuthenticationService>(sp => sp.GetRequiredService<TrustAnchorPassiveAuthentication>());
        services.AddSingleton<ISignerCertificateVerifier>(sp => sp.GetRequiredService<TrustAnchorPassiveAuthentication>());
        services.AddPostgresSignerKeys(
            sp =>
            {
                var options = sp.GetRequiredService<IOptions<DtcOptions>>().Value;
                var tls = sp.GetRequiredService<IOptions<TlsOptions>>().Value;
                return new CscaConnection
                {
                    Endpoint = options.CscaEndpoint,
                    CaPath = CscaConnection.SettingOrDefault(options.CscaCaPath, tls.ClientCaPath),
                    ClientCertificatePath = CscaConnection.SettingOrDefault(options.CscaClientCertificatePath, tls.CertificatePath),
                    ClientKeyPath = CscaConnection.SettingOrDefault(options.CscaClientKeyPath, tls.KeyPath),
                    Deadline = options.CscaDeadline,
                    NotConfigured = DtcErrors.CscaNotConfigured,
                };
            },
            // DtcSignerKeys caches the key it signs with itself (Dtc:SignerStatusCacheDuration); the store reads afresh.
            _ => TimeSpan.Zero);
        // csca's failures as dtc's domain errors (registered last: the certifier takes this issuer).
        services.AddSingleton<ISignerCertificateIssuer, DtcSignerCertificateIssuer>();
        services.AddDownstreamCallTranslation();
        services.AddSingleton<DtcSignerKeys>();
        services.AddSingleton<IssueDtcHandler>();
        services.AddSingleton<VerifyDtcHandler>();
        services.AddSingleton<DtcStatusHandler>();
        services.AddSchemaMigrations(EmbeddedMigrations.Load(typeof(DtcServiceRegistration).Assembly, "dtc"), OutboxSchema.Migrations);
        services.AddBucketMigration();
        return builder;
    }

    public static WebApplication MapDtcServices(this WebApplication app)
    {
        app.MapGrpcService<DtcGrpcService>();
        return app;
    }
}
