using System.Diagnostics;
using System.Text.Json;

namespace credctl.Tests.Trust;

/// <summary>Runs the built credctl (copied beside the tests) as a real process and captures its output.</summary>
internal static class Credctl
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "credctl.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var cancellationToken = TestContext.Current.CancellationToken;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }

    public static async Task<(int ExitCode, JsonElement Json)> RunJsonAsync(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.True(output.Length > 0, $"no output; stderr: {error}");
        using var document = JsonDocument.Parse(output);
        return (code, document.RootElement.Clone());
    }
}
