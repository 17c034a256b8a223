using System.Diagnostics;

namespace Credentials.Contracts.Tests;

/// <summary>
/// Runs <c>buf lint</c> (STANDARD + COMMENTS, see buf.yaml) and <c>buf breaking</c> over proto/. buf is installed
/// by scripts/lib/install-buf.sh into .tools/buf; when it is missing the tests skip, unless
/// CRED_REQUIRE_STACK=1, where they fail.
/// </summary>
public sealed class BufLintTests
{
    /// <summary>The commit that published the first complete contracts (issue 2); later changes may only extend them.</summary>
    private const string FirstContractsCommit = "62b2aa8af4e94df534d2ea792cb88f2d8a084604";

    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task BufLint_ProtoModule_HasNoFindings()
    {
        var buf = RequireBuf();

        var (exitCode, stdout, stderr) = await RunAsync(buf, ["lint", "--error-format", "text"], TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, $"buf lint exited {exitCode}:\n{stdout}\n{stderr}");
        Assert.Equal(string.Empty, stdout.Trim());
    }

    [Fact]
    public async Task BufBreaking_AgainstFirstContracts_NothingRenumberedOrRemoved()
    {
        var buf = RequireBuf();
        int found;
        try
        {
            (found, _, _) = await RunAsync("git", ["cat-file", "-e", FirstContractsCommit + "^{commit}"], TestContext.Current.CancellationToken);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            found = -1; // git is not installed
        }

        if (found != 0)
        {
            Assert.Skip($"commit {FirstContractsCommit} is not in this clone (shallow, no .git or no git); cannot compare contracts");
        }

        var (exitCode, stdout, stderr) = await RunAsync(
            buf, ["breaking", "--error-format", "text", "--against", $".git#ref={FirstContractsCommit}"], TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, $"buf breaking exited {exitCode}:\n{stdout}\n{stderr}");
        Assert.Equal(string.Empty, stdout.Trim());
    }

    private static string RequireBuf()
    {
        var buf = FindBuf();
        if (buf is not null)
        {
            return buf;
        }

        const string Message = "buf not found (.tools/buf/node_modules/.bin/buf, node_modules/.bin/buf or PATH); "
            + "install it with scripts/lib/install-buf.sh";
        if (Environment.GetEnvironmentVariable("CRED_REQUIRE_STACK") == "1")
        {
            Assert.Fail(Message + " (CRED_REQUIRE_STACK=1 requires it)");
        }

        Assert.Skip(Message);
        return string.Empty;
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
