using System.Diagnostics;

namespace Credentials.Contracts.Tests;

/// <summary>
/// Runs <c>buf lint</c> (STANDARD + COMMENTS, see buf.yaml) over proto/. buf is installed by
/// scripts/lib/install-buf.sh into .tools/buf; when it is missing the test skips, unless
/// CRED_REQUIRE_STACK=1, where it fails.
/// </summary>
public sealed class BufLintTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task BufLint_ProtoModule_HasNoFindings()
    {
        var buf = FindBuf();
        if (buf is null)
        {
            const string Message = "buf not found (.tools/buf/node_modules/.bin/buf, node_modules/.bin/buf or PATH); "
                + "install it with scripts/lib/install-buf.sh";
            if (Environment.GetEnvironmentVariable("CRED_REQUIRE_STACK") == "1")
            {
                Assert.Fail(Message + " (CRED_REQUIRE_STACK=1 requires it)");
            }

            Assert.Skip(Message);
        }

        var (exitCode, stdout, stderr) = await RunAsync(buf, ["lint", "--error-format", "text"], TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, $"buf lint exited {exitCode}:\n{stdout}\n{stderr}");
        Assert.Equal(string.Empty, stdout.Trim());
    }

    [Fact]
    public void BufConfig_UsesV2ProtoModuleAndStandardLint()
    {
        var config = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "buf.yaml")).Select(l => l.Trim()).ToList();

        Assert.Contains("version: v2", config);
        Assert.Contains("- path: proto", config);
        Assert.Contains("- STANDARD", config);
    }

    private static string? FindBuf()
    {
        string[] candidates =
        [
            Path.Combine(RepositoryPaths.Root, ".tools", "buf", "node_modules", ".bin", "buf"),
            Path.Combine(RepositoryPaths.Root, "node_modules", ".bin", "buf"),
        ];
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "buf"))
            .FirstOrDefault(File.Exists);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {fileName}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProcessTimeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
