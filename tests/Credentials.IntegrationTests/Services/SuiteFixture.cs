using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Credentials.Grpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Credentials.IntegrationTests.Services;

/// <summary>
/// Starts the six services from this build against the real local stack (the CRED_* variables of
/// <c>.run/stack.env</c>), after their explicit <c>migrate</c> step, and waits until every one is SERVING over mTLS.
/// </summary>
public class SuiteFixture : IAsyncLifetime
{
    /// <summary>Service short name → project name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Projects = new Dictionary<string, string>
    {
        ["csca"] = "Credentials.Csca",
        ["document-signer"] = "Credentials.DocumentSigner",
        ["trust-anchor"] = "Credentials.TrustAnchor",
        ["dtc"] = "Credentials.Dtc",
        ["pkd"] = "Credentials.Pkd",
        ["ledger"] = "Credentials.Ledger",
    };

    private readonly Dictionary<string, ServiceProcess> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _healthPorts = new(StringComparer.Ordinal);

    /// <summary>Null when the local stack is not running (tests then skip or fail as StackEnvironment decides).</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The dev mTLS PKI directory of the stack.</summary>
    public string TlsDirectory { get; private set; } = string.Empty;

    /// <summary>A started service by short name.</summary>
    public ServiceProcess this[string name] => _services[name];

    public virtual async ValueTask InitializeAsync()
    {
        if (!FindStack(out var runDir))
        {
            return;
        }

        var logs = Path.Combine(runDir, "logs");
        Directory.CreateDirectory(logs);
        // Six services start, migrate and connect to Kafka: seconds on a quiet machine, but well over two minutes when the
        // machine is shared with parallel builds (load 40–60); the deadline only bounds a start-up that hangs.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(300));

        // Ports first, so that every service's configuration can name the others' endpoints.
        foreach (var name in Projects.Keys)
        {
            int port;
            do
            {
                port = FreePort();
            }
            while (_ports.ContainsValue(port));
            _ports[name] = port;
            // The plain-text probe listener (Health:Port) the Helm chart points the kubelet's grpc probes at.
            do
            {
                port = FreePort();
            }
            while (_ports.ContainsValue(port) || _healthPorts.ContainsValue(port));
            _healthPorts[name] = port;
        }

        foreach (var (name, project) in Projects)
        {
            var dll = ServiceDll(project);
            var port = _ports[name];
            var environment = ServiceEnvironment(name, port);
            var migrateLog = Path.Combine(logs, $"{LogPrefix}-{name}-migrate.log");
            var exit = await ServiceProcess.RunToCompletionAsync(dll, "migrate", environment, migrateLog, timeout.Token);
            if (exit != 0)
            {
                throw new InvalidOperationException($"{name} migrate exited with {exit}; see {migrateLog}");
            }

            _services[name] = ServiceProcess.Launch(name, dll, port, environment, Path.Combine(logs, $"{LogPrefix}-{name}.log"));
        }

        foreach (var service in _services.Values)
        {
            await WaitServingAsync(service, timeout.Token);
        }
    }

    /// <summary>
    /// Reads the stack's run directory and TLS directory from the environment; false (with <see cref="SkipReason"/>
    /// set, or an exception under CRED_REQUIRE_STACK=1) when the local stack is not running.
    /// </summary>
    protected bool FindStack(out string runDir)
    {
        runDir = Environment.GetEnvironmentVariable("CRED_RUN_DIR") ?? string.Empty;
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CRED_PG_CONNECTION")) || string.IsNullOrEmpty(runDir))
        {
            SkipReason = "local stack not running: run scripts/infra up and source .run/stack.env";
            if (Environment.GetEnvironmentVariable("CRED_REQUIRE_STACK") == "1")
            {
                throw new InvalidOperationException(SkipReason);
            }

            return false;
        }

        TlsDirectory = Environment.GetEnvironmentVariable("CRED_TLS_DIR")!;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeCoreAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the services (a derived fixture adds its own clean-up).</summary>
    protected virtual async ValueTask DisposeCoreAsync()
    {
        // All at once: each gets SIGTERM and its graceful shutdown (ServiceProcess.StopAsync), so consumers leave their groups.
        await Task.WhenAll(_services.Values.Select(service => service.DisposeAsync().AsTask()));
    }

    /// <summary>Skips (or fails under CRED_REQUIRE_STACK=1, already thrown at start-up) when the stack is absent.</summary>
    public void RequireStack()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
    }

    /// <summary>TLS material for a client identity of the dev PKI (admin, tests, relying-party) or none.</summary>
    public ClientTlsMaterial ClientTls(string? identity)
    {
        var ca = Path.Combine(TlsDirectory, "ca.crt");
        return identity is null
            ? ClientTlsMaterial.Load(ca, null, null)
            : ClientTlsMaterial.Load(ca, Path.Combine(TlsDirectory, identity + ".crt"), Path.Combine(TlsDirectory, identity + ".key"));
    }

    /// <summary>A channel to a service with the given client TLS material.</summary>
    public GrpcChannel Channel(string service, ClientTlsMaterial tls) => MutualTlsChannel.Create(_services[service].Endpoint, tls);

    /// <summary>The environment a service runs with: ASP.NET configuration keys mapped from the stack's CRED_* variables.</summary>
    public Dictionary<string, string> ServiceEnvironment(string name, int port)
    {
        string Env(string variable) => Environment.GetEnvironmentVariable(variable) ?? string.Empty;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Tls__ListenAddress"] = "127.0.0.1",
            ["Tls__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Tls__CertificatePath"] = Path.Combine(TlsDirectory, name + ".crt"),
            ["Tls__KeyPath"] = Path.Combine(TlsDirectory, name + ".key"),
            ["Tls__ClientCaPath"] = Path.Combine(TlsDirectory, "ca.crt"),
            ["Postgres__ConnectionString"] = Env("CRED_PG_CONNECTION"),
            ["ConnectionStrings__Postgres"] = Env("CRED_PG_CONNECTION"),
            ["Redis__Configuration"] = Env("CRED_REDIS_CONFIGURATION"),
            ["Redis__CaPath"] = Env("CRED_REDIS_CA"),
            ["S3__Endpoint"] = Env("CRED_S3_ENDPOINT"),
            ["S3__AccessKey"] = Env("CRED_S3_ACCESS_KEY"),
            ["S3__SecretKey"] = Env("CRED_S3_SECRET_KEY"),
            ["S3__Region"] = Env("CRED_S3_REGION"),
            ["S3__UseTls"] = "false",
            ["S3__CreateBucket"] = "true",
            ["Kafka__BootstrapServers"] = Env("CRED_KAFKA_BOOTSTRAP"),
            ["KeyVault__ModulePath"] = Env("CRED_PKCS11_MODULE"),
            ["KeyVault__TokenLabel"] = name,
            ["KeyVault__PinEnvironmentVariable"] = "CRED_PKCS11_USER_PIN",
            ["KeyVault__Pkcs11__ModulePath"] = Env("CRED_PKCS11_MODULE"),
            ["KeyVault__Pkcs11__TokenLabel"] = name,
            ["KeyVault__Pkcs11__PinEnvironmentVariable"] = "CRED_PKCS11_USER_PIN",
            ["SOFTHSM2_CONF"] = Env("SOFTHSM2_CONF"),
            ["CRED_PKCS11_USER_PIN"] = Env("CRED_PKCS11_USER_PIN"),
            ["CRED_LEDGER_WRITER_PASSWORD"] = Env("CRED_LEDGER_WRITER_PASSWORD"),
            ["DocumentSigner__CscaEndpoint"] = EndpointOf("csca"),
            ["Dtc__CscaEndpoint"] = EndpointOf("csca"),
            ["Dtc__SignerCscaId"] = "dtc-it-signer",
            ["Dtc__TrustAnchorEndpoint"] = _services.TryGetValue("trust-anchor", out var trustAnchor) ? trustAnchor.Endpoint : string.Empty,
        };
        if (_ports.GetValueOrDefault(name) == port && _healthPorts.TryGetValue(name, out var healthPort))
        {
            environment["Health__Port"] = healthPort.ToString(CultureInfo.InvariantCulture);
        }

        Customize(name, environment);
        return environment;
    }

    /// <summary>Prefix of the log files under the run directory's <c>logs/</c>.</summary>
    protected virtual string LogPrefix => "it";

    /// <summary>Changes a service's environment after the defaults (a derived fixture runs the services differently).</summary>
    protected virtual void Customize(string name, Dictionary<string, string> environment)
    {
    }

    /// <summary>The plain-text health probe port of a suite service.</summary>
    public int HealthPortOf(string service) => _healthPorts[service];

    /// <summary><c>127.0.0.1:port</c> of a service, known before any service starts.</summary>
    public string EndpointOf(string service) =>
        _ports.TryGetValue(service, out var port) ? string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}") : string.Empty;

    private static string ServiceDll(string project)
    {
        var metadata = typeof(SuiteFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var dll = Path.Combine(metadata["ArtifactsBin"]!, project, metadata["ArtifactsPivot"]!, project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{project} is not built (expected {dll})", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitServingAsync(ServiceProcess service, CancellationToken cancellationToken)
    {
        using var tls = ClientTls("tests");
        using var channel = MutualTlsChannel.Create(service.Endpoint, tls);
        var client = new Health.HealthClient(channel);
        while (true)
        {
            if (!service.IsRunning)
            {
                throw new InvalidOperationException($"{service.Name} exited during start-up; see its {LogPrefix}-{service.Name}.log");
            }

            try
            {
                var reply = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
