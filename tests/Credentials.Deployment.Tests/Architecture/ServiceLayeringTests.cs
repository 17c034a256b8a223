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
        "services/Credentials.Csca/Application/CreateCscaHandler.cs: Application references Infrastructure",
        "services/Credentials.Csca/Application/CreateCscaHandler.cs: Application uses Npgsql",
        "services/Credentials.Csca/Application/CrlRepublishService.cs: Application hosts a background worker",
        "services/Credentials.Csca/Application/CscaIssuing.cs: Application references Infrastructure",
        "services/Credentials.Csca/Application/CscaIssuing.cs: Application uses Npgsql",
        "services/Credentials.Csca/Application/IdempotentRequests.cs: Application uses Npgsql",
        "services/Credentials.Csca/Application/IssueSignerCertificateHandler.cs: Application references Infrastructure",
        "services/Credentials.Csca/Application/ListCertificatesHandler.cs: Application references Infrastructure",
        "services/Credentials.Csca/Application/PublishCrlHandler.cs: Application references Infrastructure",
        "services/Credentials.Csca/Application/RevokeCertificateHandler.cs: Application references Infrastructure",
        "services/Credentials.Csca/Application/RolloverCscaHandler.cs: Application references Infrastructure",
        "services/Credentials.Csca/Application/SignMasterListHandler.cs: Application references Infrastructure",
        "services/Credentials.DocumentSigner/Application/CreateSignerKeyHandler.cs: Application references Infrastructure",
        "services/Credentials.DocumentSigner/Application/CreateSignerKeyHandler.cs: Application uses Npgsql",
        "services/Credentials.DocumentSigner/Application/IssuanceGroupCommit.cs: Application hosts a background worker",
        "services/Credentials.DocumentSigner/Application/IssuanceGroupCommit.cs: Application references Infrastructure",
        "services/Credentials.DocumentSigner/Application/ListSignerKeysHandler.cs: Application references Infrastructure",
        "services/Credentials.DocumentSigner/Application/SignSecurityObjectHandler.cs: Application references Infrastructure",
        // Issue 19 (branch seal, written before this ratchet existed): same shape as its siblings above; moves with them.
        "services/Credentials.DocumentSigner/Application/SignVisibleSealHandler.cs: Application references Infrastructure",
        "services/Credentials.DocumentSigner/Application/SignerKeyLifecycleService.cs: Application hosts a background worker",
        "services/Credentials.DocumentSigner/Application/SignerKeyStore.cs: Application references Infrastructure",
        "services/Credentials.Dtc/Application/DtcSignerKeys.cs: Application references Infrastructure",
        "services/Credentials.Dtc/Application/DtcStatusHandler.cs: Application references Infrastructure",
        "services/Credentials.Dtc/Application/IssueDtcHandler.cs: Application references Infrastructure",
        "services/Credentials.Dtc/Application/VerifyDtcHandler.cs: Application references Infrastructure",
        "services/Credentials.Ledger/Application/CheckpointWriter.cs: Application references Infrastructure",
        "services/Credentials.Ledger/Application/GetCredentialStatusHandler.cs: Application references Infrastructure",
        "services/Credentials.Ledger/Application/LedgerIngestHandler.cs: Application references Infrastructure",
        "services/Credentials.Ledger/Application/ListEventsHandler.cs: Application references Infrastructure",
        "services/Credentials.Ledger/Application/VerifyIntegrityHandler.cs: Application references Infrastructure",
        "services/Credentials.TrustAnchor/Application/ImportTrustMaterialHandler.cs: Application references Infrastructure",
        "services/Credentials.TrustAnchor/Application/ImportTrustMaterialHandler.cs: Application uses Npgsql",
        "services/Credentials.TrustAnchor/Application/ListTrustAnchorsHandler.cs: Application references Infrastructure",
        "services/Credentials.TrustAnchor/Application/RemoveTrustAnchorHandler.cs: Application references Infrastructure",
        "services/Credentials.TrustAnchor/Application/RemoveTrustAnchorHandler.cs: Application uses Npgsql",
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
