using System.Security.Authentication;
using Credentials.ServiceDefaults.Authorization;
using Credentials.ServiceDefaults.Grpc;
using Credentials.ServiceDefaults.RateLimiting;
using Credentials.ServiceDefaults.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Credentials.ServiceDefaults;

/// <summary>
/// Service defaults shared by every Credentials host, so that each Program.cs stays a few lines long
/// (STYLE.md rule 6): Kestrel with mutual TLS, the exception-mapping interceptor, gRPC health and reflection,
/// OpenTelemetry, JSON logs and options validated at start-up.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The health-check tag of checks that say the process is alive (never Postgres, Kafka or the HSM).</summary>
    public const string LiveTag = "live";

    /// <summary>The health-check tag of checks that must pass before the service takes traffic.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers the defaults. <paramref name="serviceName"/> is the short name, e.g. <c>csca</c>.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ServiceIdentityOptions.SectionName}:{nameof(ServiceIdentityOptions.Name)}"] = serviceName,
        });
        ConfigurationAliases.Apply(builder.Configuration);

        // The service's RPC authorization rules ship in access-policy.json; lowest precedence, so that
        // appsettings, environment variables and the command line can override them.
        ((IConfigurationBuilder)builder.Configuration).Sources.Insert(0, new JsonConfigurationSource
        {
            Path = "access-policy.json",
            Optional = true,
            FileProvider = builder.Environment.ContentRootFileProvider,
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<CallerAuthorizationOptions>().BindConfiguration(CallerAuthorizationOptions.SectionName);
        builder.Services.AddSingleton(sp => new CallerAuthorizationPolicy(
            sp.GetRequiredService<IOptions<CallerAuthorizationOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().IsDevelopment()));
        builder.Services.AddOptions<CallerRateLimitOptions>().BindConfiguration(CallerRateLimitOptions.SectionName);
        builder.Services.AddSingleton<CallerIdentityCache>();
        builder.Services.AddSingleton<CallerRateLimitInterceptor>();
        builder.Services.AddSingleton<ExceptionMappingInterceptor>();
        builder.Services.AddSingleton<RequestSizeLimitInterceptor>();
        builder.Services.AddSingleton<IRpcExceptionMapper>(services => services.GetRequiredService<ExceptionMappingInterceptor>());
        builder.Services.AddValidatedOptions<ServiceIdentityOptions>(ServiceIdentityOptions.SectionName);
        builder.Services.AddValidatedOptions<TlsOptions>(TlsOptions.SectionName);
        builder.Services.AddValidatedOptions<GrpcLimitsOptions>(GrpcLimitsOptions.SectionName);
        builder.Services.AddValidatedOptions<HealthEndpointOptions>(HealthEndpointOptions.SectionName);

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            options.UseUtcTimestamp = true;
        });

        ConfigureKestrel(builder);

        var limits = builder.Configuration.GetSection(GrpcLimitsOptions.SectionName).Get<GrpcLimitsOptions>() ?? new GrpcLimitsOptions();
        builder.Services.AddGrpc(options =>
        {
            options.Interceptors.Add<CallerAuthorizationInterceptor>();
            options.Interceptors.Add<CallerRateLimitInterceptor>();
            options.Interceptors.Add<RequestSizeLimitInterceptor>();
            options.Interceptors.Add<ExceptionMappingInterceptor>();
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
            options.MaxReceiveMessageSize = limits.MaxReceiveMessageSizeBytes;
            options.MaxSendMessageSize = limits.MaxSendMessageSizeBytes;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks(options =>
        {
            // "" is the overall status used by readiness probes and `credctl health`;
            // "liveness" only says the process runs.
            options.Services.Map(string.Empty, check => true);
            options.Services.Map("liveness", check => check.Tags.Contains(LiveTag));
        }).AddCheck("self", () => HealthCheckResult.Healthy(), tags: [LiveTag]);

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService($"credentials-{serviceName}"))
            .WithMetrics(metrics =>
            {
                // System.Runtime: the runtime's own meter (GC heap by generation, committed memory, working set, thread
                // pool), so an operator can tell a growing managed heap from native memory growth.
                metrics.AddAspNetCoreInstrumentation().AddMeter("Credentials.*", "System.Runtime").AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // Spans are recorded only when they can be exported: without an exporter the tracer provider sampled, tagged
            // and dropped a span per call (about 5 % of trust-anchor's CPU per VerifyDocument, docs/benchmarks.md).
            // ASP.NET Core still starts each request's Activity while logging is on (W3C trace context, the caller's
            // traceparent as parent), so error trace ids and the outbox's traceparent header do not depend on this.
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource("Credentials.*").AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>Maps health, reflection and the Prometheus scrape endpoint.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        var healthPort = app.Configuration.GetSection(HealthEndpointOptions.SectionName).Get<HealthEndpointOptions>()?.Port ?? 0;
        if (healthPort > 0)
        {
            // The plain-text probe listener answers grpc.health.v1 only; every other path is refused there.
            app.Use(async (context, next) =>
            {
                if (context.Connection.LocalPort == healthPort && !context.Request.Path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                await next(context);
            });
        }

        // Which build answers: credctl status shows it per service (Credentials.Grpc.ServiceVersion).
        var version = global::Credentials.Grpc.ServiceVersion.Of(System.Reflection.Assembly.GetEntryAssembly());
        app.Use((context, next) =>
        {
            context.Response.Headers[global::Credentials.Grpc.ServiceVersion.HeaderName] = version;
            return next(context);
        });

        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var tls = context.Configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>() ?? new TlsOptions();
            if (tls.Port == 0 || string.IsNullOrEmpty(tls.CertificatePath) || string.IsNullOrEmpty(tls.ClientCaPath))
            {
                // Options validation reports the missing settings with their names at start-up.
                return;
            }

            // Read from disk and re-read when rotated: no restart needed for new certificates (issue 9).
            var material = new ReloadingCertificate(tls.CertificatePath, tls.KeyPath, tls.ClientCaPath, TimeProvider.System);
            kestrel.AddServerHeader = false;
            var health = context.Configuration.GetSection(HealthEndpointOptions.SectionName).Get<HealthEndpointOptions>();
            if (health is { Port: > 0 })
            {
                kestrel.Listen(System.Net.IPAddress.Parse(tls.ListenAddress), health.Port, listen => listen.Protocols = HttpProtocols.Http2);
            }

            kestrel.Listen(System.Net.IPAddress.Parse(tls.ListenAddress), tls.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificateSelector = (_, _) => material.ServerCertificate;
                    https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.CheckCertificateRevocation = false;
                    https.ClientCertificateValidation = (certificate, _, _) => TlsMaterial.ChainsTo(certificate, material.ClientRoots);
                });
            });
        });
    }
}
