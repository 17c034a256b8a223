using System.Diagnostics;
using System.Reflection;

namespace Credentials.IntegrationTests.Services;

/// <summary>
/// Runs the built <c>credctl</c> (the same artifacts folder and configuration as the services the suite starts) as a
/// child process and returns its exit code and output. Builds it once when this build has not produced it yet.
/// </summary>
internal static class CredctlProcess
{
    private static readonly SemaphoreSlim BuildGate = new(1, 1);

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(arguments, new Dictionary<string, string>(), cancellationToken);

    /// <summary>Runs credctl with extra environment variables (e.g. the CRED_ENDPOINT_* of the suite's services).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var dll = await EnsureBuiltAsync(cancellationToken);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return await RunProcessAsync(info, TimeSpan.FromMinutes(2), cancellationToken);
    }

    private static async Task<string> EnsureBuiltAsync(CancellationToken cancellationToken)
    {
        var metadata = typeof(CredctlProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var pivot = metadata["ArtifactsPivot"]!;
        var dll = Path.Combine(metadata["ArtifactsBin"]!, "credctl", pivot, "credctl.dll");
        await BuildGate.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(dll))
            {
                var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var argument in new[] { "build", Path.Combine(metadata["RepositoryRoot"]!, "tools", "credctl"), "-c", pivot.StartsWith("release", StringComparison.OrdinalIgnoreCase) ? "Release" : "Debug", "-nologo", "-v", "quiet" })
                {
                    info.ArgumentList.Add(argument);
                }

                var (exit, output, error) = await RunProcessAsync(info, TimeSpan.FromMinutes(15), cancellationToken);
                Assert.True(exit == 0 && File.Exists(dll), $"building credctl failed ({exit}): {output}{error}");
            }
        }
        finally
        {
            BuildGate.Release();
        }

        return dll;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunProcessAsync(ProcessStartInfo info, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
