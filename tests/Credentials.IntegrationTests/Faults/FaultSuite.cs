using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Credentials.Grpc;
using Credentials.IntegrationTests.Services;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Credentials.IntegrationTests.Faults;

/// <summary>
/// The six services from this build (after their <c>migrate</c> step) against a <see cref="FaultStack"/> of their
/// own. Services can be killed (SIGKILL) and restarted on the same port with the same configuration. Logs go to
/// <c>$CRED_RUN_DIR/logs/faults-*.log</c> of the shared stack, so they outlive the private stack.
/// </summary>
public sealed class FaultSuite : IAsyncLifetime
{
    private readonly Dictionary<string, ServiceProcess> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    private FaultStack? _stack;

    /// <summary>Null when the fault tests can run (the shared stack is sourced, so its prerequisites exist).</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The private stack.</summary>
    public FaultStack Stack => _stack ?? throw new InvalidOperationException("the fault stack is not up");

    /// <summary>Where the services' logs and the fault report go.</summary>
    public string LogDirectory { get; private set; } = string.Empty;

    /// <summary>A running service by short name.</summary>
    public ServiceProcess this[string name] => _services[name];

    public async ValueTask InitializeAsync()
    {
        var sharedRunDirectory = Environment.GetEnvironmentVariable("CRED_RUN_DIR");
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CRED_PG_CONNECTION")) || string.IsNullOrEmpty(sharedRunDirectory))
        {
            SkipReason = "local stack not running: run scripts/infra up and source .run/stack.env (the fault tests start a private stack with the same prerequisites)";
            if (Environment.GetEnvironmentVariable("CRED_REQUIRE_STACK") == "1")
            {
                throw new InvalidOperationException(SkipReason);
            }

            return;
        }

        LogDirectory = Path.Combine(sharedRunDirectory, "logs");
        Directory.CreateDirectory(LogDirectory);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(300));
        _stack = await FaultStack.UpAsync(Metadata("RepositoryRoot"), timeout.Token);

        foreach (var name in SuiteFixture.Projects.Keys)
        {
            int port;
            do
            {
                port = FreePort();
            }
            while (_ports.ContainsValue(port));
            _ports[name] = port;
        }

        foreach (var (name, project) in SuiteFixture.Projects)
        {
            var migrateLog = Path.Combine(LogDirectory, $"faults-{name}-migrate.log");
            var exit = await ServiceProcess.RunToCompletionAsync(ServiceDll(project), "migrate", ServiceEnvironment(name), migrateLog, timeout.Token);
            if (exit != 0)
            {
                throw new InvalidOperationException($"{name} migrate exited with {exit}; see {migrateLog}");
            }

            _services[name] = Launch(name);
        }

        foreach (var name in SuiteFixture.Projects.Keys)
        {
            await WaitServingAsync(name, TimeSpan.FromSeconds(180), timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services.Values)
        {
            await service.DisposeAsync();
        }

        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    /// <summary>Skips (or fails under CRED_REQUIRE_STACK=1, already thrown at start-up) when the stack is absent.</summary>
    public void RequireStack()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
    }

    /// <summary>TLS material for a client identity of the private stack's dev PKI (admin, tests, relying-party).</summary>
    public ClientTlsMaterial ClientTls(string identity)
    {
        var tls = Stack["CRED_TLS_DIR"];
        return ClientTlsMaterial.Load(Path.Combine(tls, "ca.crt"), Path.Combine(tls, identity + ".crt"), Path.Combine(tls, identity + ".key"));
    }

    /// <summary>A channel to a service (its port never changes, restarts included).</summary>
    public GrpcChannel Channel(string service, ClientTlsMaterial tls) => MutualTlsChannel.Create(EndpointOf(service), tls);

    /// <summary>The private stack's PostgreSQL (owner connection string).</summary>
    public string PostgresConnectionString => Stack["CRED_PG_CONNECTION"];

    /// <summary>The current process of every service; compared after a fault to prove nothing was restarted.</summary>
    public IReadOnlyDictionary<string, ServiceProcess> Processes() => new Dictionary<string, ServiceProcess>(_services, StringComparer.Ordinal);

    /// <summary>Kills a service with SIGKILL, as a crash or an OOM kill would, and waits for the process to be gone.</summary>
    public async Task KillAsync(string name)
    {
        var service = _services[name];
        service.Kill();
        await service.DisposeAsync();
    }

    /// <summary>Starts a killed service again on its port with its configuration (what the orchestrator does).</summary>
    public void Restart(string name) => _services[name] = Launch(name);

    /// <summary>Waits until the service answers SERVING on grpc.health.v1 over mTLS; throws if it exits.</summary>
    public async Task WaitServingAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var tls = ClientTls("tests");
        using var channel = Channel(name, tls);
        var client = new Health.HealthClient(channel);
        while (true)
        {
            if (!_services[name].IsRunning)
            {
                throw new InvalidOperationException($"{name} exited; see faults-{name}.log");
            }

            try
            {
                var reply = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: deadline.Token);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (!deadline.IsCancellationRequested)
            {
                // Not listening yet, or not ready.
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary><c>127.0.0.1:port</c> of a service.</summary>
    public string EndpointOf(string service) => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{_ports[service]}");

    private ServiceProcess Launch(string name) =>
        ServiceProcess.Launch(name, ServiceDll(SuiteFixture.Projects[name]), _ports[name], ServiceEnvironment(name), Path.Combine(LogDirectory, $"faults-{name}.log"));

    /// <summary>The same configuration keys as <see cref="SuiteFixture.ServiceEnvironment"/>, from the private stack.</summary>
    private Dictionary<string, string> ServiceEnvironment(string name)
    {
        var stack = Stack;
        var tls = stack["CRED_TLS_DIR"];
        return new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Tls__ListenAddress"] = "127.0.0.1",
            ["Tls__Port"] = _ports[name].ToString(CultureInfo.InvariantCulture),
            ["Tls__CertificatePath"] = Path.Combine(tls, name + ".crt"),
            ["Tls__KeyPath"] = Path.Combine(tls, name + ".key"),
            ["Tls__ClientCaPath"] = Path.Combine(tls, "ca.crt"),
            ["Postgres__ConnectionString"] = stack["CRED_PG_CONNECTION"],
            ["ConnectionStrings__Postgres"] = stack["CRED_PG_CONNECTION"],
            ["Redis__Configuration"] = stack["CRED_REDIS_CONFIGURATION"],
            ["Redis__CaPath"] = stack["CRED_REDIS_CA"],
            ["S3__Endpoint"] = stack["CRED_S3_ENDPOINT"],
            ["S3__AccessKey"] = stack["CRED_S3_ACCESS_KEY"],
            ["S3__SecretKey"] = stack["CRED_S3_SECRET_KEY"],
            ["S3__Region"] = stack["CRED_S3_REGION"],
            ["S3__UseTls"] = "false",
            ["S3__CreateBucket"] = "true",
            ["Kafka__BootstrapServers"] = stack["CRED_KAFKA_BOOTSTRAP"],
            ["KeyVault__ModulePath"] = stack["CRED_PKCS11_MODULE"],
            ["KeyVault__TokenLabel"] = name,
            ["KeyVault__PinEnvironmentVariable"] = "CRED_PKCS11_USER_PIN",
            ["KeyVault__Pkcs11__ModulePath"] = stack["CRED_PKCS11_MODULE"],
            ["KeyVault__Pkcs11__TokenLabel"] = name,
            ["KeyVault__Pkcs11__PinEnvironmentVariable"] = "CRED_PKCS11_USER_PIN",
            ["SOFTHSM2_CONF"] = stack["SOFTHSM2_CONF"],
            ["CRED_PKCS11_USER_PIN"] = stack["CRED_PKCS11_USER_PIN"],
            ["CRED_LEDGER_WRITER_PASSWORD"] = string.Empty,
            ["DocumentSigner__CscaEndpoint"] = EndpointOf("csca"),
            ["Dtc__TrustAnchorEndpoint"] = EndpointOf("trust-anchor"),
        };
    }

    private static string Metadata(string key) =>
        typeof(FaultSuite).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;

    private static string ServiceDll(string project)
    {
        var dll = Path.Combine(Metadata("ArtifactsBin"), project, Metadata("ArtifactsPivot"), project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{project} is not built (expected {dll})", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
