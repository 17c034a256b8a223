using System.Text.Json.Nodes;

namespace Credentials.Deployment.Tests.Security;

/// <summary>
/// Issue 9, security checks: no package of the solution (direct or transitive) has a known vulnerability. The build
/// already fails on audit warnings (Directory.Build.props: NuGetAudit, NuGetAuditMode=all, warnings as errors); this
/// test asks the vulnerability database directly, so a newly published advisory shows up even without a rebuild.
/// </summary>
public sealed class NuGetAuditTests
{
    [Fact]
    public async Task Solution_HasNoKnownVulnerablePackage()
    {
        var ct = TestContext.Current.CancellationToken;
        var solution = Path.Combine(RepositoryPaths.Root, "Credentials.sln");
        var timeout = TimeSpan.FromMinutes(8);

        // `dotnet list package` reads the restore output; restore first (no build) so the test stands alone.
        var restore = await ProcessRunner.RunAsync("dotnet", ["restore", solution, "--nologo"], timeout, ct);
        if (restore is null)
        {
            Assert.Skip("the dotnet CLI is not on PATH");
        }

        if (restore.ExitCode != 0 && Offline(restore.StandardOutput + restore.StandardError))
        {
            Assert.Skip("NuGet cannot be reached, so the vulnerability database cannot be read: " + FirstLine(restore.StandardOutput + restore.StandardError));
        }

        Assert.True(restore.ExitCode == 0, "restore failed (an audit warning is an error here):\n" + restore.StandardOutput + restore.StandardError);

        var list = await ProcessRunner.RunAsync(
            "dotnet", ["list", solution, "package", "--vulnerable", "--include-transitive", "--format", "json"], timeout, ct);
        Assert.NotNull(list);
        if (Offline(list.StandardOutput + list.StandardError))
        {
            Assert.Skip("the vulnerability source cannot be reached: " + FirstLine(list.StandardOutput + list.StandardError));
        }

        Assert.True(list.ExitCode == 0, list.StandardOutput + list.StandardError);
        var report = JsonNode.Parse(list.StandardOutput)!;
        var projects = report["projects"]!.AsArray();
        Assert.NotEmpty(projects);
        var problems = report["problems"]?.AsArray().Select(p => (string?)p!["text"]).ToList() ?? [];
        Assert.True(problems.Count == 0, "dotnet list reported problems:\n" + string.Join('\n', problems));

        var vulnerable = new List<string>();
        foreach (var project in projects)
        {
            foreach (var framework in project!["frameworks"]?.AsArray() ?? [])
            {
                foreach (var kind in new[] { "topLevelPackages", "transitivePackages" })
                {
                    foreach (var package in framework![kind]?.AsArray() ?? [])
                    {
                        var advisories = package!["vulnerabilities"]?.AsArray().Select(v => $"{v!["severity"]} {v["advisoryurl"]}") ?? [];
                        vulnerable.Add($"{Path.GetFileName((string?)project["path"])}: {package["id"]} {package["resolvedVersion"]} ({string.Join(", ", advisories)})");
                    }
                }
            }
        }

        Assert.True(vulnerable.Count == 0, "vulnerable packages:\n" + string.Join('\n', vulnerable));
    }

    private static bool Offline(string output) =>
        output.Contains("Unable to load the service index", StringComparison.Ordinal)
        || output.Contains("NU1301", StringComparison.Ordinal)
        || output.Contains("NU1900", StringComparison.Ordinal)
        || output.Contains("Name or service not known", StringComparison.Ordinal);

    private static string FirstLine(string text) =>
        text.Split('\n').FirstOrDefault(l => l.Contains("NU1", StringComparison.Ordinal) || l.Contains("Unable", StringComparison.Ordinal))?.Trim() ?? text.Trim();
}
