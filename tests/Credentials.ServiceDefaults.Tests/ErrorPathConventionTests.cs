using System.Reflection;

namespace Credentials.ServiceDefaults.Tests;

/// <summary>
/// Issue 17: one error path and one authorization source (docs/architecture.md, "Errors" and "Authorization"). These
/// checks read the services' sources, so a second decision cannot come back unnoticed. (No <c>Grpc.*</c> in
/// <c>Application/</c> is checked once, by tests/Credentials.Deployment.Tests/Architecture/ServiceLayeringTests.cs.)
/// </summary>
public sealed class ErrorPathConventionTests
{
    [Fact]
    public void Services_NoFile_DefinesACatchAllTranslate()
    {
        var offenders = SourceFiles().Where(f => f.Text.Contains("Translate(Exception", StringComparison.Ordinal)).Select(f => f.Path).ToList();

        Assert.True(offenders.Count == 0, "translate library failures in the library's IExceptionTranslator, not in a service: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Services_NoFile_RaisesCallerNotAuthorized()
    {
        var offenders = SourceFiles()
            .Where(f => f.Text.Contains("CALLER_NOT_AUTHORIZED", StringComparison.Ordinal) || f.Text.Contains("ErrorKind.PermissionDenied", StringComparison.Ordinal))
            .Select(f => f.Path)
            .ToList();

        Assert.True(offenders.Count == 0, "who may call an RPC is decided by access-policy.json alone: " + string.Join(", ", offenders));
    }

    [Fact]
    public void ServiceDefaults_References_NoIcao9303()
    {
        var references = typeof(ServiceDefaultsExtensions).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("Credentials.Icao9303", references);
    }

    private static IEnumerable<(string Path, string Text)> SourceFiles()
    {
        var root = typeof(ErrorPathConventionTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var files = Directory.EnumerateFiles(Path.Combine(root, "services"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        return files.Select(p => (Path.GetRelativePath(root, p), File.ReadAllText(p)));
    }
}
