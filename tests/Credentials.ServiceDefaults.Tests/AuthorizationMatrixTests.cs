using System.Reflection;
using System.Text.Json;
using Credentials.ServiceDefaults.Authorization;
using Google.Protobuf.Reflection;

namespace Credentials.ServiceDefaults.Tests;

/// <summary>
/// Issue 9: the production authorization matrix — every identity × every RPC of the suite — as a table. The rules the
/// services ship (services/*/access-policy.json) must produce exactly this table; an RPC added without a decision here
/// fails the test.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private static readonly string[] Identities =
    [
        "admin", "csca", "document-signer", "dtc", "trust-anchor", "pkd", "ledger",
        "relying-party", "personalisation", "auditor", "tests", "stranger",
    ];

    /// <summary>RPC → identities allowed in production. Everyone else is denied.</summary>
    private static readonly Dictionary<string, string[]> Expected = new(StringComparer.Ordinal)
    {
        ["csca.v1.CscaService/CreateCsca"] = ["admin"],
        ["csca.v1.CscaService/RolloverCsca"] = ["admin"],
        ["csca.v1.CscaService/ListCertificates"] = ["admin", "document-signer", "dtc", "trust-anchor", "pkd"],
        ["csca.v1.CscaService/IssueSignerCertificate"] = ["admin", "document-signer", "dtc"],
        ["csca.v1.CscaService/RevokeCertificate"] = ["admin"],
        ["csca.v1.CscaService/PublishCrl"] = ["admin"],
        ["csca.v1.CscaService/GetCrl"] = ["admin", "document-signer", "dtc", "trust-anchor", "pkd", "relying-party"],
        ["csca.v1.CscaService/SignMasterList"] = ["admin"],
        ["document_signer.v1.DocumentSignerService/CreateSignerKey"] = ["admin"],
        ["document_signer.v1.DocumentSignerService/ListSignerKeys"] = ["admin"],
        ["document_signer.v1.DocumentSignerService/SignSecurityObject"] = ["admin", "personalisation"],
        ["document_signer.v1.DocumentSignerService/SignSecurityObjectBatch"] = ["admin", "personalisation"],
        ["document_signer.v1.DocumentSignerService/SignVisibleSeal"] = ["admin", "personalisation"],
        ["document_signer.v1.DocumentSignerService/GetIssuance"] = ["admin", "personalisation", "ledger"],
        ["dtc.v1.DtcService/IssueDtc"] = ["admin", "personalisation"],
        ["dtc.v1.DtcService/VerifyDtc"] = ["admin", "relying-party", "personalisation"],
        ["dtc.v1.DtcService/GetDtcStatus"] = ["admin", "relying-party", "personalisation"],
        ["dtc.v1.DtcService/RevokeDtc"] = ["admin"],
        ["trust_anchor.v1.TrustAnchorService/VerifyDocument"] = ["admin", "relying-party", "dtc"],
        ["trust_anchor.v1.TrustAnchorService/VerifyCertificate"] = ["admin", "relying-party", "dtc"],
        ["trust_anchor.v1.TrustAnchorService/ImportTrustMaterial"] = ["admin"],
        ["trust_anchor.v1.TrustAnchorService/ListTrustAnchors"] = ["admin", "relying-party"],
        ["trust_anchor.v1.TrustAnchorService/VerifySeal"] = ["admin", "relying-party"],
        ["trust_anchor.v1.TrustAnchorService/RemoveTrustAnchor"] = ["admin"],
        ["trust_anchor.v1.TrustAnchorService/GetTrustStoreStatus"] = ["admin"],
        ["pkd.v1.PkdService/SyncNow"] = ["admin"],
        ["pkd.v1.PkdService/GetSyncStatus"] = ["admin", "relying-party", "trust-anchor"],
        ["pkd.v1.PkdService/ListSources"] = ["admin", "relying-party", "trust-anchor"],
        ["pkd.v1.PkdService/ListCertificates"] = ["admin", "relying-party", "trust-anchor"],
        ["pkd.v1.PkdService/GetCrl"] = ["admin", "relying-party", "trust-anchor"],
        ["pkd.v1.PkdService/WatchUpdates"] = ["admin", "relying-party", "trust-anchor"],
        ["pkd.v1.PkdService/ExportLdif"] = ["admin", "relying-party", "trust-anchor"],
        ["ledger.v1.LedgerService/GetCredentialStatus"] = ["admin", "auditor", "document-signer", "dtc", "relying-party"],
        ["ledger.v1.LedgerService/ListEvents"] = ["admin", "auditor"],
        ["ledger.v1.LedgerService/VerifyIntegrity"] = ["admin", "auditor"],
    };

    private static readonly Dictionary<string, string> ServiceFolders = new(StringComparer.Ordinal)
    {
        ["credentials.csca.v1.CscaService"] = "Credentials.Csca",
        ["credentials.document_signer.v1.DocumentSignerService"] = "Credentials.DocumentSigner",
        ["credentials.dtc.v1.DtcService"] = "Credentials.Dtc",
        ["credentials.trust_anchor.v1.TrustAnchorService"] = "Credentials.TrustAnchor",
        ["credentials.pkd.v1.PkdService"] = "Credentials.Pkd",
        ["credentials.ledger.v1.LedgerService"] = "Credentials.Ledger",
    };

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in AllMethods())
        {
            foreach (var identity in Identities)
            {
                data.Add(method, identity);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void IsAllowed_ProductionRulesOfTheOwningService_MatchTheMatrix(string method, string identity)
    {
        var key = method.TrimStart('/')["credentials.".Length..];
        Assert.True(Expected.TryGetValue(key, out var allowed), $"{method} has no row in the authorization matrix: decide who may call it");
        var service = method[1..method.LastIndexOf('/')];
        var policy = new CallerAuthorizationPolicy(LoadRules(ServiceFolders[service]), isDevelopment: false);

        Assert.Equal(allowed.Contains(identity), policy.IsAllowed(method, identity));
    }

    [Fact]
    public void Matrix_EveryRowNamesAnExistingRpc()
    {
        var existing = AllMethods().Select(m => m.TrimStart('/')["credentials.".Length..]).ToHashSet(StringComparer.Ordinal);
        var unknown = Expected.Keys.Where(k => !existing.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"matrix rows without an RPC: {string.Join(", ", unknown)}");
    }

    /// <summary>Issue 15: docs/api.md's caller column names exactly the identities the policy files allow in Production.</summary>
    [Fact]
    public void DocsApiCallerColumn_EveryRpc_MatchesPolicyFiles()
    {
        var documented = DocumentedCallers();
        var mismatches = new List<string>();
        foreach (var method in AllMethods())
        {
            var service = method[1..method.LastIndexOf('/')];
            var policy = new CallerAuthorizationPolicy(LoadRules(ServiceFolders[service]), isDevelopment: false);
            var allowed = Identities.Where(identity => policy.IsAllowed(method, identity)).Order(StringComparer.Ordinal).ToList();
            if (!documented.TryGetValue(method, out var callers))
            {
                mismatches.Add($"{method}: no row in docs/api.md");
            }
            else if (!callers.Order(StringComparer.Ordinal).SequenceEqual(allowed, StringComparer.Ordinal))
            {
                mismatches.Add($"{method}: docs/api.md says {string.Join(", ", callers)}; access-policy.json allows {string.Join(", ", allowed)}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    /// <summary>Full method name → the identities in the caller column of its docs/api.md row.</summary>
    private static Dictionary<string, string[]> DocumentedCallers()
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? service = null;
        foreach (var line in File.ReadLines(Path.Combine(RepositoryRoot(), "docs", "api.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                var match = System.Text.RegularExpressions.Regex.Match(line, @"`(credentials\.[a-z_]+\.v1\.[A-Za-z]+Service)`");
                service = match.Success ? match.Groups[1].Value : null;
                continue;
            }

            if (service is null || !line.StartsWith("| ", StringComparison.Ordinal))
            {
                continue;
            }

            // Cells are separated by '|' not escaped as '\|'.
            var cells = System.Text.RegularExpressions.Regex.Split(line, @"(?<!\\)\|");
            var rpc = cells.Length > 3 ? cells[1].Trim() : string.Empty;
            if (rpc.Length == 0 || rpc == "RPC" || !char.IsAsciiLetterUpper(rpc[0]))
            {
                continue;
            }

            result[$"/{service}/{rpc}"] = cells[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.Trim('`')).ToArray();
        }

        return result;
    }

    private static string RepositoryRoot() =>
        typeof(AuthorizationMatrixTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static IEnumerable<string> AllMethods()
    {
        ServiceDescriptor[] services =
        [
            Contracts.Csca.V1.CscaService.Descriptor,
            Contracts.DocumentSigner.V1.DocumentSignerService.Descriptor,
            Contracts.Dtc.V1.DtcService.Descriptor,
            Contracts.TrustAnchor.V1.TrustAnchorService.Descriptor,
            Contracts.Pkd.V1.PkdService.Descriptor,
            Contracts.Ledger.V1.LedgerService.Descriptor,
        ];
        return services.SelectMany(s => s.Methods.Select(m => $"/{s.FullName}/{m.Name}"));
    }

    private static CallerAuthorizationOptions LoadRules(string serviceFolder)
    {
        var root = typeof(AuthorizationMatrixTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "services", serviceFolder, "access-policy.json")));
        var rules = document.RootElement.GetProperty("Authorization").GetProperty("Rules")
            .EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray(), StringComparer.Ordinal);
        return new CallerAuthorizationOptions { Rules = rules };
    }
}
