using Credentials.Core;
using Credentials.DocumentSigner.Application;
using Credentials.DocumentSigner.Grpc;
using Credentials.DocumentSigner.Infrastructure;
using Credentials.DocumentSigner.Options;
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

namespace Credentials.DocumentSigner;

/// <summary>Wiring of the document-signer service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class DocumentSignerServiceRegistration
{
    public static WebApplicationBuilder AddDocumentSignerServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DocumentSignerOptions>().BindConfiguration(DocumentSignerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DocumentSignerOptions>, DocumentSignerOptionsValidator>();

        services.AddPkcs11KeyVault();
        services.AddHealthChecks().AddPkcs11KeyVault();
        services.AddPostgresStorage();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionTranslator, Icao9303ExceptionTranslator>());
        services.AddS3ObjectStore();
        services.AddKafkaEvents();
        services.AddOutboxRelay();

        services.AddSingleton<DocumentSignerRepository>();
        services.AddSingleton<IDocumentSignerStore, DocumentSignerStore>();
        services.AddSingleton<DocumentSignerEventWriter>();
        services.AddSingleton<DocumentNumberHasher>();
        services.AddPostgresSignerKeys(
            sp =>
            {
                var options = sp.GetRequiredService<IOptions<DocumentSignerOptions>>().Value;
                var tls = sp.GetRequiredService<IOptions<TlsOptions>>().Value;
                return new CscaConnection
                {
                    Endpoint = options.CscaEndpoint,
                    CaPath = CscaConnection.SettingOrDefault(options.CscaCaPath, tls.ClientCaPath),
                    ClientCertificatePath = CscaConnection.SettingOrDefault(options.CscaClientCertificatePath, tls.CertificatePath),
                    ClientKeyPath = CscaConnection.SettingOrDefault(options.CscaClientKeyPath, tls.KeyPath),
                    Deadline = options.CscaDeadline,
                    NotConfigured = DocumentSignerErrors.CscaNotConfigured,
                };
            },
            sp => sp.GetRequiredService<IOptions<DocumentSignerOptions>>().Value.KeyCacheLifetime);
        services.AddSignerKeyLifecycle(sp => sp.GetRequiredService<IOptions<DocumentSignerOptions>>().Value.KeyLifecycleInterval);
        services.AddDownstreamCallTranslation();
        services.AddSingleton<CreateSignerKeyHandler>();
        services.AddSingleton<ListSignerKeysHandler>();
        services.AddSingleton<DocumentSignerMetrics>();
        services.AddSingleton<SecurityObjectSigning>();
        services.AddSingleton<IssuanceGroupCommit>();
        services.AddSingleton<IIssuanceQueue>(provider => provider.GetRequiredService<IssuanceGroupCommit>());
        services.AddHostedService(provider => provider.GetRequiredService<IssuanceGroupCommit>());
        services.AddSingleton<SignSecurityObjectHandler>();
        services.AddSingleton<SignVisibleSealHandler>();
        services.AddSingleton<SecurityObjectArchiver>();
        services.AddHostedService<SecurityObjectArchiveService>();
        services.AddSchemaMigrations(
            IdempotencySchema.Migrations, EmbeddedMigrations.Load(typeof(DocumentSignerServiceRegistration).Assembly, "document_signer"), OutboxSchema.Migrations);
        services.AddBucketMigration();
        return builder;
    }

    public static WebApplication MapDocumentSignerServices(this WebApplication app)
    {
        app.MapGrpcService<DocumentSignerGrpcService>();
        return app;
    }
}
