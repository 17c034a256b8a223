using System.Text.RegularExpressions;

namespace Credentials.Deployment.Tests.Architecture;

/// <summary>
/// The one service shape (docs/architecture.md, "Service shape"): <c>Grpc/</c> maps the contract and validates requests,
/// <c>Application/</c> decides and depends only on its own interfaces, <c>Infrastructure/</c> implements them (database,
/// HSM, Kafka, background workers). Dependencies point inwards: Grpc → Application ← Infrastructure. Checked on the
/// source of every service, since the three layers share one assembly.
/// <para>
/// The Application rule is also checked on the compiled assemblies (<see cref="TypeReferenceScanner"/>): the types of a
/// service's <c>Application</c> namespace use no type of an implementation assembly (<c>*.Postgres</c>, <c>*.Kafka</c>,
/// <c>*.S3</c>, <c>*.Pkcs11</c>, Npgsql, <c>Grpc.*</c>), whether named in the source or reached through another type's
/// signature.
/// </para>
/// <para>
/// The test began as a ratchet over the ~50 places that broke a rule when it was written; issue 17 item 1 moved them all,
/// so no exception list remains: every violation fails.
/// </para>
/// </summary>
public sealed partial class ServiceLayeringTests
{
    [Fact]
    public void ServiceSources_LayerRules_NoViolation()
    {
        var found = Violations().Order(StringComparer.Ordinal).ToList();
        Assert.True(found.Count == 0, "Layer rules broken (docs/architecture.md, \"Service shape\"):\n" + string.Join('\n', found));
    }

    [Fact]
    public void ServiceAssemblies_ApplicationNamespace_UsesNoImplementationAssembly()
    {
        var found = RepositoryPaths.ServiceProjects
            .SelectMany(service => TypeReferenceScanner.Find(RepositoryPaths.ServiceAssembly(service), service + ".Application", IsImplementationAssembly))
            .ToList();
        Assert.True(found.Count == 0, "Application uses an implementation assembly (docs/architecture.md, \"Service shape\"):\n" + string.Join('\n', found));
    }

    [Fact]
    public void ServiceAssemblies_GrpcNamespace_UsesNoStorageBrokerOrHsmImplementation()
    {
        // The gRPC surface maps and validates; it may use the gRPC transport, never a database, broker, object store or HSM.
        var found = RepositoryPaths.ServiceProjects
            .SelectMany(service => TypeReferenceScanner.Find(
                RepositoryPaths.ServiceAssembly(service), service + ".Grpc", a => IsImplementationAssembly(a) && !a.StartsWith("Grpc.", StringComparison.Ordinal)))
            .ToList();
        Assert.True(found.Count == 0, "Grpc uses an implementation assembly (docs/architecture.md, \"Service shape\"):\n" + string.Join('\n', found));
    }

    [Theory]
    [InlineData("Npgsql", true)]
    [InlineData("Grpc.Core.Api", true)]
    [InlineData("Grpc.Net.Client", true)]
    [InlineData("Credentials.Storage.Postgres", true)]
    [InlineData("Credentials.SignerKeys.Postgres", true)]
    [InlineData("Credentials.Outbox.Kafka", true)]
    [InlineData("Confluent.Kafka", true)]
    [InlineData("Credentials.Storage.S3", true)]
    [InlineData("AWSSDK.S3", true)]
    [InlineData("Credentials.KeyVault.Pkcs11", true)]
    [InlineData("Pkcs11Interop", true)]
    [InlineData("Credentials.Storage", false)]
    [InlineData("Credentials.Grpc", false)]
    [InlineData("Credentials.KeyVault", false)]
    [InlineData("Credentials.Contracts", false)]
    [InlineData("Google.Protobuf", false)]
    public void IsImplementationAssembly_Name_MatchesTheForbiddenFamilies(string assembly, bool expected)
    {
        Assert.Equal(expected, IsImplementationAssembly(assembly));
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

    /// <summary>Handlers and their ports come in through the constructor, never from the container at call time.</summary>
    private static readonly Regex ServiceLocator = new(@"\bIServiceProvider\b|\bIServiceScopeFactory\b|\.Get(Required)?Service\b|\.GetServices\b");

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
                yield return ("Application resolves from the container (inject by constructor)", ServiceLocator);
                break;
            case "Grpc":
                yield return ("Grpc uses Npgsql", new Regex(@"\busing\s+Npgsql\b|\bNpgsql[A-Z]\w*"));
                yield return ("Grpc references Infrastructure", new Regex(@"\b" + own + @"\.Infrastructure\b"));
                yield return ("Grpc resolves handlers from the container (inject by constructor)", ServiceLocator);
                break;
            case "Infrastructure":
                yield return ("Infrastructure references Grpc layer", new Regex(@"\b" + own + @"\.Grpc\b"));
                break;
        }
    }

    /// <summary>An assembly that implements a seam (database, broker, object store, HSM, gRPC transport).</summary>
    private static bool IsImplementationAssembly(string assembly) => ImplementationAssembly().IsMatch(assembly);

    [GeneratedRegex(@"^(Npgsql(\..+)?|Grpc\..+|Pkcs11Interop|.+\.(Postgres|Kafka|S3|Pkcs11))$")]
    private static partial Regex ImplementationAssembly();

    /// <summary>The source without comments (XML docs mention types of other layers in prose and crefs).</summary>
    private static string Code(string source) => Comments().Replace(source, string.Empty);

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();
}
