using System.Text.RegularExpressions;

namespace Credentials.Deployment.Tests.Architecture;

/// <summary>
/// The one service shape (docs/architecture.md, "Service shape"): <c>Grpc/</c> maps the contract and validates requests,
/// <c>Application/</c> decides and depends only on its own interfaces, <c>Infrastructure/</c> implements them (database,
/// HSM, Kafka, background workers). Dependencies point inwards: Grpc → Application ← Infrastructure. Checked on the
/// source of every service, since the three layers share one assembly.
/// <para>
/// <see cref="KnownViolations"/> is a ratchet: the places that broke a rule when the test was written (issue 17 item 1
/// moves them). A new violation fails; so does a listed one that no longer breaks its rule (delete it from the list),
/// so the list only shrinks.
/// </para>
/// </summary>
public sealed partial class ServiceLayeringTests
{
    /// <summary>"path: rule" of each violation that existed when the rules were written down.</summary>
    private static readonly string[] KnownViolations =
    [
        "services/Credentials.Pkd/Application/CachedCaLookup.cs: Application references Infrastructure",
        "services/Credentials.Pkd/Application/ExportLdifHandler.cs: Application references Infrastructure",
        "services/Credentials.Pkd/Application/GetCrlHandler.cs: Application references Infrastructure",
        "services/Credentials.Pkd/Application/ListCertificatesHandler.cs: Application references Infrastructure",
        "services/Credentials.Pkd/Application/RunMapping.cs: Application references Infrastructure",
        "services/Credentials.Pkd/Application/SyncCoordinator.cs: Application references Infrastructure",
        "services/Credentials.Pkd/Application/SyncEngine.cs: Application references Infrastructure",
        "services/Credentials.Pkd/Application/SyncEngine.cs: Application uses Npgsql",
        "services/Credentials.Pkd/Application/SyncNowHandler.cs: Application references Infrastructure",
        "services/Credentials.Pkd/Application/SyncScheduler.cs: Application hosts a background worker",
        "services/Credentials.Pkd/Application/SyncScheduler.cs: Application references Infrastructure",
        "services/Credentials.Pkd/Application/SyncScheduler.cs: Application uses Npgsql",
        "services/Credentials.Pkd/Application/SyncStatusHandler.cs: Application references Infrastructure",
        "services/Credentials.Pkd/Application/WatchUpdatesHandler.cs: Application references Infrastructure",
    ];

    [Fact]
    public void ServiceSources_LayerRules_NoViolationOutsideTheRatchet()
    {
        var found = Violations().ToHashSet(StringComparer.Ordinal);
        var known = KnownViolations.ToHashSet(StringComparer.Ordinal);
        var added = found.Except(known).Order(StringComparer.Ordinal).ToList();
        Assert.True(added.Count == 0, "Layer rules broken (docs/architecture.md, \"Service shape\"):\n" + string.Join('\n', added));
    }

    [Fact]
    public void KnownViolations_EachStillBreaksItsRule_ElseRemoveIt()
    {
        var found = Violations().ToHashSet(StringComparer.Ordinal);
        var fixedOnes = KnownViolations.Where(v => !found.Contains(v)).ToList();
        Assert.True(fixedOnes.Count == 0, "Fixed, so delete from KnownViolations:\n" + string.Join('\n', fixedOnes));
    }

    [Fact]
    public void ServiceSources_EveryService_HasTheThreeLayers()
    {
        foreach (var service in RepositoryPaths.ServiceProjects)
        {
            foreach (var layer in new[] { "Grpc", "Application", "Infrastructure" })
            {
                Assert.True(Directory.Exists(Path.Combine(RepositoryPaths.Root, "services", service, layer)), $"services/{service}/{layer}/ is missing");
            }
        }
    }

    private static IEnumerable<string> Violations()
    {
        foreach (var service in RepositoryPaths.ServiceProjects)
        {
            var root = Path.Combine(RepositoryPaths.Root, "services", service);
            foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/');
                var layer = relative.Split('/')[2];
                if (layer is not ("Grpc" or "Application" or "Infrastructure"))
                {
                    continue;
                }

                var code = Code(File.ReadAllText(file));
                foreach (var rule in RulesFor(service, layer))
                {
                    if (rule.Pattern.IsMatch(code))
                    {
                        yield return $"{relative}: {rule.Name}";
                    }
                }
            }
        }
    }

    private static IEnumerable<(string Name, Regex Pattern)> RulesFor(string service, string layer)
    {
        var own = Regex.Escape(service);
        switch (layer)
        {
            case "Application":
                yield return ("Application uses gRPC", new Regex(@"\busing\s+Grpc\.|\bGrpc\.(Core|AspNetCore)\.|\bRpcException\b|\bServerCallContext\b"));
                yield return ("Application uses Npgsql", new Regex(@"\busing\s+Npgsql\b|\bNpgsql[A-Z]\w*"));
                yield return ("Application references Infrastructure", new Regex(@"\b" + own + @"\.Infrastructure\b"));
                yield return ("Application references Grpc layer", new Regex(@"\b" + own + @"\.Grpc\b"));
                yield return ("Application hosts a background worker", new Regex(@":\s*BackgroundService\b|\bIHostedService\b"));
                break;
            case "Grpc":
                yield return ("Grpc uses Npgsql", new Regex(@"\busing\s+Npgsql\b|\bNpgsql[A-Z]\w*"));
                yield return ("Grpc references Infrastructure", new Regex(@"\b" + own + @"\.Infrastructure\b"));
                break;
            case "Infrastructure":
                yield return ("Infrastructure references Grpc layer", new Regex(@"\b" + own + @"\.Grpc\b"));
                break;
        }
    }

    /// <summary>The source without comments (XML docs mention types of other layers in prose and crefs).</summary>
    private static string Code(string source) => Comments().Replace(source, string.Empty);

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();
}
