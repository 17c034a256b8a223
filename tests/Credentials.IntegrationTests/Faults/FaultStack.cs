using System.Diagnostics;

namespace Credentials.IntegrationTests.Faults;

/// <summary>
/// A local real stack of its own (<c>scripts/infra up</c> with a private <c>CRED_RUN_DIR</c>), whose PostgreSQL and
/// broker the fault tests may stop and start (<c>scripts/infra stop|start postgres|kafka</c>, docs/local-stack.md)
/// and whose SoftHSM token directory they may take away. Taken down, and its directory deleted, on dispose.
/// </summary>
public sealed class FaultStack : IAsyncDisposable
{
    private readonly string _script;

    private FaultStack(string script, string runDirectory, IReadOnlyDictionary<string, string> variables)
    {
        _script = script;
        RunDirectory = runDirectory;
        Variables = variables;
    }

    /// <summary>The private run directory.</summary>
    public string RunDirectory { get; }

    /// <summary>The CRED_* variables of this stack's stack.env (and SOFTHSM2_CONF).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>A variable of stack.env, or the empty string.</summary>
    public string this[string name] => Variables.TryGetValue(name, out var value) ? value : string.Empty;

    /// <summary>Brings a new stack up in a fresh directory under the temp directory.</summary>
    public static async Task<FaultStack> UpAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var script = Path.Combine(repositoryRoot, "scripts", "infra");
        var runDirectory = Path.Combine(Path.GetTempPath(), "credentials-faults-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(runDirectory);
        await RunAsync(script, runDirectory, "up", cancellationToken);
        var variables = ParseStackEnv(Path.Combine(runDirectory, "stack.env"));
        return new FaultStack(script, runDirectory, variables);
    }

    /// <summary><c>scripts/infra stop postgres|kafka</c>.</summary>
    public Task StopAsync(string component, CancellationToken cancellationToken) =>
        RunAsync(_script, RunDirectory, "stop " + component, cancellationToken);

    /// <summary><c>scripts/infra start postgres|kafka</c>.</summary>
    public Task StartAsync(string component, CancellationToken cancellationToken) =>
        RunAsync(_script, RunDirectory, "start " + component, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await RunAsync(_script, RunDirectory, "down", timeout.Token);
            Directory.Delete(RunDirectory, recursive: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or OperationCanceledException)
        {
            // Best effort: a leftover directory under the temp directory is harmless; the processes are stopped by PID file.
        }
    }

    private static Dictionary<string, string> ParseStackEnv(string path)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#') || !line.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }

            var assignment = line.StartsWith("export ", StringComparison.Ordinal) ? line["export ".Length..] : line;
            var name = assignment[..assignment.IndexOf('=', StringComparison.Ordinal)];
            variables[name] = Unquote(assignment[(name.Length + 1)..]);
        }

        return variables;
    }

    /// <summary>stack.env values are shell words: plain, or single-quoted with '\'' for a quote.</summary>
    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '\'' && value[^1] == '\''
            ? value[1..^1].Replace("'\\''", "'", StringComparison.Ordinal)
            : value;

    private static async Task RunAsync(string script, string runDirectory, string arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(script, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["CRED_RUN_DIR"] = runDirectory;
        info.Environment["CRED_READY_TIMEOUT"] = "120";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {script}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout + await stderr;
        await File.AppendAllTextAsync(Path.Combine(runDirectory, "infra.log"), output, cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/infra {arguments} exited with {process.ExitCode}: {output}");
        }
    }
}
