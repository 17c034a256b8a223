using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Credentials.Contracts.Pkd.V1;
using Credentials.Grpc;
using Credentials.IntegrationTests.Services;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Npgsql;

namespace Credentials.IntegrationTests.Pkd;

/// <summary>
/// A pkd process of this build with its own PostgreSQL schema (so the store starts empty) and the given sources,
/// started after its <c>migrate</c> step; it can be killed and started again on the same schema.
/// </summary>
internal sealed class PkdInstance : IAsyncDisposable
{
    private readonly SuiteFixture _suite;
    private readonly Dictionary<string, string> _environment;
    private readonly string _logPath;
    private ServiceProcess? _process;
    private ClientTlsMaterial? _tls;
    private GrpcChannel? _channel;

    private PkdInstance(SuiteFixture suite, string schema, Dictionary<string, string> environment, string logPath)
    {
        _suite = suite;
        Schema = schema;
        _environment = environment;
        _logPath = logPath;
    }

    public string Schema { get; }

    public PkdService.PkdServiceClient Client { get; private set; } = null!;

    public static CallOptions Call(int seconds = 60) =>
        new(deadline: DateTime.UtcNow.AddSeconds(seconds), cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Migrates a fresh schema and starts the service with <paramref name="settings"/> (configuration keys with ':').</summary>
    public static async Task<PkdInstance> StartAsync(SuiteFixture suite, string name, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var schema = $"pkd_it_{name}_{Guid.NewGuid():N}"[..40];
        var environment = suite.ServiceEnvironment("pkd", 0);
        environment["Postgres__Schema"] = schema;
        environment["Outbox__Schema"] = schema;
        // Two malloc arenas, as scripts/up and the images run every service (docs/operations.md): without it the
        // verification threads' OpenSSL allocations each grow an arena, which PkdImportBenchmark counts in the peak RSS.
        environment["MALLOC_ARENA_MAX"] = "2";
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var logs = Path.Combine(Environment.GetEnvironmentVariable("CRED_RUN_DIR")!, "logs");
        var instance = new PkdInstance(suite, schema, environment, Path.Combine(logs, $"it-pkd-{name}.log"));
        var exit = await ServiceProcess.RunToCompletionAsync(Dll(), "migrate", environment, instance._logPath, cancellationToken);
        Assert.True(exit == 0, $"pkd migrate exited with {exit}; see {instance._logPath}");
        await instance.LaunchAsync(cancellationToken);
        return instance;
    }

    /// <summary>Starts the process (again) on the same schema and waits until it serves.</summary>
    public async Task LaunchAsync(CancellationToken cancellationToken)
    {
        await StopClientAsync();
        var port = FreePort();
        _environment["Tls__Port"] = port.ToString(CultureInfo.InvariantCulture);
        _process = ServiceProcess.Launch("pkd-" + Schema, Dll(), port, _environment, _logPath);
        _tls = _suite.ClientTls("admin");
        _channel = MutualTlsChannel.Create(_process.Endpoint, _tls);
        Client = new PkdService.PkdServiceClient(_channel);
        var health = new Health.HealthClient(_channel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.True(_process.IsRunning, $"pkd exited during start-up; see {_logPath}");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The process's peak resident set so far (VmHWM of /proc/PID/status) in MiB; null where /proc is absent.</summary>
    public double? PeakResidentMebibytes()
    {
        var status = _process is null ? null : $"/proc/{_process.ProcessId}/status";
        if (status is null || !File.Exists(status))
        {
            return null;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>CPU time (user + system) the process has used so far, in seconds; null where /proc is absent.</summary>
    public double? CpuSeconds() => _process is null ? null : ProcessCpu.Seconds(_process.ProcessId);

    /// <summary>The lines of the process's log that contain <paramref name="text"/> (ordinal).</summary>
    public List<string> LogLines(string text)
    {
        var lines = new List<string>();
        if (!File.Exists(_logPath))
        {
            return lines;
        }

        // The process still writes the file.
        using var reader = new StreamReader(new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>SIGKILL, as a crash would.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>A scalar from the instance's schema.</summary>
    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A column of the instance's schema as a list.</summary>
    public async Task<List<T>> ColumnAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        var values = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        await StopClientAsync();
        try
        {
            await using var connection = await OpenAsync(CancellationToken.None);
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Best effort: the schema name is unique, a leftover harms nobody.
        }
    }

    private async Task StopClientAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }

        _channel?.Dispose();
        _tls?.Dispose();
        _channel = null;
        _tls = null;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("CRED_PG_CONNECTION")) { SearchPath = Schema };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static string Dll()
    {
        var metadata = typeof(PkdInstance).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        return Path.Combine(metadata["ArtifactsBin"]!, "Credentials.Pkd", metadata["ArtifactsPivot"]!, "Credentials.Pkd.dll");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
