using System.Text.RegularExpressions;

namespace Credentials.Deployment.Tests;

/// <summary>
/// Issue 9: every service's Dockerfile is multi-stage, builds that service's own project, and runs it as non-root on a
/// chiseled runtime. (No Docker engine here: these are static checks of the file.)
/// </summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string> Services => new(RepositoryPaths.ServiceProjects);

    [Theory]
    [MemberData(nameof(Services))]
    public void Dockerfile_IsMultiStageWithChiseledRuntime(string project)
    {
        var stages = Stages(project);
        Assert.True(stages.Count >= 2, "expected a build stage and a runtime stage");
        Assert.Contains("/dotnet/sdk:", stages[0].From, StringComparison.Ordinal);
        Assert.Matches(ChiseledRuntime(), stages[^1].From);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Dockerfile_BuildsAndStartsItsOwnProject(string project)
    {
        var text = Read(project);
        Assert.Contains($"dotnet publish services/{project}/{project}.csproj", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "services", project, project + ".csproj")));
        var entry = Stages(project)[^1].Lines.Single(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
        Assert.Equal($"ENTRYPOINT [\"dotnet\", \"{project}.dll\"]", entry);
        foreach (var other in RepositoryPaths.ServiceProjects.Where(p => p != project))
        {
            Assert.DoesNotContain($"services/{other}/", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Dockerfile_RunsAsNonRootAppUser(string project)
    {
        var runtime = Stages(project)[^1].Lines;
        var user = runtime.LastOrDefault(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.Equal("USER $APP_UID", user);
        var userIndex = runtime.ToList().IndexOf(user!);
        var entryIndex = runtime.ToList().FindIndex(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
        Assert.True(userIndex < entryIndex, "USER must be set before the entry point");
        Assert.DoesNotContain(runtime, l => l.StartsWith("USER root", StringComparison.Ordinal) || l == "USER 0");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Dockerfile_BakesInNoSecretsAndStartsInProduction(string project)
    {
        var text = Read(project);
        Assert.DoesNotMatch(SecretLike(), text);
        Assert.Contains("ASPNETCORE_ENVIRONMENT=Production", text, StringComparison.Ordinal);
    }

    private static string Read(string project) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "services", project, "Dockerfile"));

    private static List<(string From, string[] Lines)> Stages(string project)
    {
        var stages = new List<(string, List<string>)>();
        foreach (var raw in Read(project).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("FROM ", StringComparison.Ordinal))
            {
                stages.Add((line, new List<string>()));
            }
            else if (stages.Count > 0 && line.Length > 0 && !line.StartsWith('#'))
            {
                stages[^1].Item2.Add(line);
            }
        }

        return stages.Select(s => (s.Item1, s.Item2.ToArray())).ToList();
    }

    [GeneratedRegex(@"^FROM mcr\.microsoft\.com/dotnet/aspnet:\$\{DOTNET_VERSION\}-[a-z]+-chiseled(-extra)? AS runtime$")]
    private static partial Regex ChiseledRuntime();

    [GeneratedRegex(@"(?i)(password|secret|pin|token)\s*=\s*\S+")]
    private static partial Regex SecretLike();
}
