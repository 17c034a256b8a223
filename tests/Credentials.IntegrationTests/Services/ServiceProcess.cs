using System.Diagnostics;
using System.Globalization;

namespace Credentials.IntegrationTests.Services;

/// <summary>One Credentials service started from its build output as a real process on 127.0.0.1.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServiceProcess(string name, int port, Process process, StreamWriter log)
    {
        Name = name;
        Port = port;
        _process = process;
        _log = log;
    }

    /// <summary>Short service name (csca, document-signer, ...).</summary>
    public string Name { get; }

    /// <summary>The TCP port of its gRPC endpoint.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>The operating system's id of the process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Runs <c>dotnet &lt;dll&gt; &lt;arguments&gt;</c> to completion (e.g. <c>migrate</c>) and returns its exit code.</summary>
    public static async Task<int> RunToCompletionAsync(string dll, string arguments, IReadOnlyDictionary<string, string> environment, string logPath, CancellationToken cancellationToken)
    {
        using var process = Start(dll, arguments, environment);
        await using var log = new StreamWriter(logPath, append: true);
        var stdout = Pump(process.StandardOutput, log);
        var stderr = Pump(process.StandardError, log);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(stdout, stderr);
        return process.ExitCode;
    }

    /// <summary>Starts the service in the background; its output goes to <paramref name="logPath"/>.</summary>
    public static ServiceProcess Launch(string name, string dll, int port, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var process = Start(dll, string.Empty, environment);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        _ = Pump(process.StandardOutput, log);
        _ = Pump(process.StandardError, log);
        return new ServiceProcess(name, port, process, log);
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM, as an orchestrator does) and waits up to <paramref name="grace"/> for the host's
    /// graceful shutdown, then kills it. A service that stops this way leaves its Kafka consumer group at once; a killed
    /// one keeps its partitions until the broker's session timeout, and the rebalance that follows pauses every other
    /// member of the group — a ledger still running on the same stack (bench/run-all's pipeline after the PKD step) saw
    /// that as seconds of lag.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (term is not null)
            {
                await term.WaitForExitAsync();
            }
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Already killed; the OS reaps it.
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static Process Start(string dll, string arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {dll}");
    }

    private static async Task Pump(StreamReader reader, StreamWriter log)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }
}
