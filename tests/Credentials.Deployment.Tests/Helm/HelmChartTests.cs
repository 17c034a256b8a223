using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Credentials.Deployment.Tests.Helm;

/// <summary>
/// Issue 9: static validation of deploy/helm/credentials. Helm and a cluster cannot run here, so these tests check
/// what can be checked without them: the plain-YAML files parse, values.yaml satisfies values.schema.json, every
/// value a template reads is declared in the schema and present in values.yaml, the Go-template actions are balanced,
/// every service has its seven manifests, and the security and network rules are in the shared definitions.
/// </summary>
public sealed partial class HelmChartTests
{
    public static TheoryData<string> ServiceNames => new(HelmChart.Services.Keys);

    [Fact]
    public void ChartYaml_ParsesAsYaml_DeclaresApplicationChart()
    {
        var chart = (JsonObject)HelmChart.LoadYaml(Path.Combine(HelmChart.Root, "Chart.yaml"));
        Assert.Equal("v2", (string?)chart["apiVersion"]);
        Assert.Equal("credentials", (string?)chart["name"]);
        Assert.Equal("application", (string?)chart["type"]);
        Assert.Matches(@"^\d+\.\d+\.\d+$", (string?)chart["version"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)chart["appVersion"]));
        Assert.Null(chart["dependencies"]); // Postgres, Kafka, S3 and the HSM are referenced, never bundled.
    }

    [Fact]
    public void ValuesYaml_ParsesAsYaml_NoDuplicateKeys()
    {
        var values = HelmChart.Values();
        Assert.IsType<JsonObject>(values);
        Assert.Equal(HelmChart.Services.Keys.Order(StringComparer.Ordinal), ((JsonObject)values["services"]!).Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ChartFiles_PassLint_NoTabsTrailingSpaceOrMissingFinalNewline()
    {
        var files = HelmChart.TemplateFiles().Concat(new[] { "Chart.yaml", "values.yaml", "values.schema.json" }.Select(f => Path.Combine(HelmChart.Root, f)));
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(HelmChart.Root, file);
            var text = File.ReadAllText(file);
            Assert.False(text.Contains('\t', StringComparison.Ordinal), $"{name}: YAML forbids tabs for indentation");
            Assert.False(text.Contains('\r', StringComparison.Ordinal), $"{name}: CRLF line ends");
            Assert.True(text.EndsWith('\n'), $"{name}: no final newline");
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                Assert.False(lines[i].EndsWith(' '), $"{name}:{i + 1}: trailing whitespace");
                var indent = lines[i].Length - lines[i].TrimStart(' ').Length;
                Assert.True(indent % 2 == 0 || !file.EndsWith(".yaml", StringComparison.Ordinal), $"{name}:{i + 1}: odd indentation");
            }
        }
    }

    [Fact]
    public void ValuesYaml_ValidatesAgainstSchema()
    {
        var errors = Validate(HelmChart.Values());
        Assert.True(errors.Count == 0, "values.yaml does not satisfy values.schema.json:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void Schema_UsesOnlyKeywordsTheValidatorImplements()
    {
        Assert.Empty(new JsonSchemaValidator(HelmChart.Schema()).UnsupportedKeywords());
        Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)HelmChart.Schema()["$schema"]);
    }

    [Theory]
    [InlineData("containerSecurityContext.readOnlyRootFilesystem", "false")]
    [InlineData("containerSecurityContext.capabilities.drop", "[\"NET_RAW\"]")]
    [InlineData("podSecurityContext.seccompProfile.type", "\"Unconfined\"")]
    [InlineData("grpcPort", "\"8443\"")]
    [InlineData("services.trust-anchor.replicas", "0")]
    [InlineData("containerSecurityContext.allowPrivilegeEscalation", "true")]
    [InlineData("podSecurityContext.runAsNonRoot", "false")]
    [InlineData("services.csca.hsm.pinSecret", "\"\"")]
    [InlineData("services.dtc.calls", "[\"ledger-typo\"]")]
    [InlineData("services.pkd.tls.existingSecret", "\"not a secret name\"")]
    [InlineData("services.ledger.env", "{\"Postgres__Password\":\"x\"}")]
    [InlineData("kafka.securityProtocol", "\"SASL_SSL_TYPO\"")]
    [InlineData("image.unknownKey", "1")]
    public void Schema_InvalidValue_IsRejected(string path, string json)
    {
        var values = HelmChart.Values();
        var segments = path.Split('.');
        var parent = values;
        foreach (var segment in segments[..^1])
        {
            parent = parent[segment]!;
        }

        parent[segments[^1]] = JsonNode.Parse(json);
        Assert.NotEmpty(Validate(values));
    }

    [Fact]
    public void Templates_EveryValueUsed_IsDeclaredInSchemaAndPresentInValues()
    {
        var schema = HelmChart.Schema();
        var values = HelmChart.Values();
        var used = TemplateValuePaths.Used().ToList();
        Assert.True(used.Count > 50, $"expected the templates to read many values, found {used.Count}");
        var problems = new List<string>();
        foreach (var (file, path) in used.Distinct())
        {
            var name = Path.GetRelativePath(HelmChart.Root, file);
            if (!TemplateValuePaths.DeclaredInSchema(schema, path))
            {
                problems.Add($"{name}: .Values.{path} is not declared in values.schema.json");
            }

            var nodes = TemplateValuePaths.Resolve(values, path);
            if (nodes is null)
            {
                problems.Add($"{name}: .Values.{path} is missing from values.yaml");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [InlineData("image.tag", true)]
    [InlineData("services.*.hsm.tokenLabel", true)]
    [InlineData("services.*.extraSecretEnv.[].secretName", true)]
    [InlineData("services.*.env.Anything_Set_Per_Site", true)]
    [InlineData("services.*.hsm.pin", false)]
    [InlineData("kafka.password", false)]
    [InlineData("imageTypo.tag", false)]
    public void ValuePath_Resolution_FindsDeclaredAndMissingPaths(string path, bool declared)
    {
        Assert.Equal(declared, TemplateValuePaths.DeclaredInSchema(HelmChart.Schema(), path));
        if (!declared)
        {
            Assert.Null(TemplateValuePaths.Resolve(HelmChart.Values(), path));
        }
    }

    [Fact]
    public void Templates_VariablesForValues_AreBoundAsDocumented()
    {
        var helpers = HelmChart.HelpersText;
        foreach (Match match in Binding().Matches(helpers))
        {
            var expected = match.Groups["var"].Value switch
            {
                "v" => ".root.Values",
                "svc" => "index .root.Values.services .name",
                _ => null,
            };
            if (expected is not null)
            {
                Assert.Equal(expected, match.Groups["expr"].Value.Trim());
            }
        }

        Assert.Contains("{{- range $caller, $other := $v.services }}", helpers, StringComparison.Ordinal);
        Assert.Contains("{{- range $ref := $svc.extraSecretEnv }}", helpers, StringComparison.Ordinal);
        Assert.Contains("{{- $target := get $v.networkPolicy.dependencies $dep }}", helpers, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_ActionsAndBlocks_AreBalanced()
    {
        foreach (var file in HelmChart.TemplateFiles())
        {
            var text = File.ReadAllText(file);
            var name = Path.GetRelativePath(HelmChart.Root, file);
            var depth = 0;
            var position = 0;
            while (true)
            {
                var open = text.IndexOf("{{", position, StringComparison.Ordinal);
                var close = text.IndexOf("}}", position, StringComparison.Ordinal);
                if (open < 0)
                {
                    Assert.True(close < 0, $"{name}: '}}}}' without '{{{{' at offset {close}");
                    break;
                }

                Assert.True(close > open, $"{name}: '}}}}' before '{{{{' at offset {close}");
                var next = text.IndexOf("{{", open + 2, StringComparison.Ordinal);
                Assert.True(next < 0 || next > close, $"{name}: nested '{{{{' at offset {next}");
                var action = text[(open + 2)..close].Trim().Trim('-').Trim();
                if (!action.StartsWith("/*", StringComparison.Ordinal))
                {
                    var keyword = action.Split(' ', 2)[0];
                    if (keyword is "if" or "range" or "with" or "define" or "block")
                    {
                        depth++;
                    }
                    else if (keyword == "end")
                    {
                        depth--;
                        Assert.True(depth >= 0, $"{name}: 'end' without an open block at offset {open}");
                    }
                }
                else
                {
                    Assert.EndsWith("*/", action, StringComparison.Ordinal);
                }

                position = close + 2;
            }

            Assert.True(depth == 0, $"{name}: {depth} block(s) left open");
        }
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Service_HasAllSevenTemplateKinds(string service)
    {
        var folder = Path.Combine(HelmChart.TemplatesRoot, service);
        Assert.True(Directory.Exists(folder), $"templates/{service}/ is missing");
        var files = Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(HelmChart.TemplateKinds.Keys.Order(StringComparer.Ordinal), files);
        var helpers = HelmChart.HelpersText;
        foreach (var (file, definition) in HelmChart.TemplateKinds)
        {
            var text = File.ReadAllText(Path.Combine(folder, file)).Trim();
            Assert.Equal($"{{{{- include \"{definition}\" (dict \"root\" $ \"name\" \"{service}\") }}}}", text);
            Assert.Contains($"{{{{- define \"{definition}\" -}}}}", helpers, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("credentials.deployment", "apps/v1", "Deployment")]
    [InlineData("credentials.service", "v1", "Service")]
    [InlineData("credentials.serviceAccount", "v1", "ServiceAccount")]
    [InlineData("credentials.podDisruptionBudget", "policy/v1", "PodDisruptionBudget")]
    [InlineData("credentials.horizontalPodAutoscaler", "autoscaling/v2", "HorizontalPodAutoscaler")]
    [InlineData("credentials.networkPolicy", "networking.k8s.io/v1", "NetworkPolicy")]
    [InlineData("credentials.migrateJob", "batch/v1", "Job")]
    public void Definition_RendersItsKind(string definition, string apiVersion, string kind)
    {
        var body = Definition(definition);
        Assert.Contains($"\napiVersion: {apiVersion}\nkind: {kind}\n", body, StringComparison.Ordinal);
        Assert.Contains("name: {{ ", body, StringComparison.Ordinal);
        Assert.Contains("{{- include \"credentials.labels\" . | nindent 4 }}", body, StringComparison.Ordinal);
        Assert.Contains("$svc.enabled", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Deployment_PodSecuritySettings_Present()
    {
        var values = HelmChart.Values();
        var pod = values["podSecurityContext"]!;
        var container = values["containerSecurityContext"]!;
        Assert.True((bool)pod["runAsNonRoot"]!);
        Assert.Equal("RuntimeDefault", (string?)pod["seccompProfile"]!["type"]);
        Assert.True((bool)container["runAsNonRoot"]!);
        Assert.True((bool)container["readOnlyRootFilesystem"]!);
        Assert.False((bool)container["allowPrivilegeEscalation"]!);
        Assert.Contains("ALL", container["capabilities"]!["drop"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("RuntimeDefault", (string?)container["seccompProfile"]!["type"]);

        // Both workloads (the Deployment and the migrate Job) take these contexts; a service cannot override them
        // (the schema's service definition has no securityContext and forbids unknown keys).
        Assert.Contains("toYaml $v.podSecurityContext", Definition("credentials.podSpec"), StringComparison.Ordinal);
        foreach (var workload in new[] { "credentials.deployment", "credentials.migrateJob" })
        {
            var body = Definition(workload);
            Assert.Contains("{{- include \"credentials.podSpec\" . | nindent 6 }}", body, StringComparison.Ordinal);
            Assert.Contains("{{- toYaml $v.containerSecurityContext | nindent 12 }}", body, StringComparison.Ordinal);
            Assert.Contains("{{- include \"credentials.volumeMounts\" . | nindent 12 }}", body, StringComparison.Ordinal);
        }

        var service = HelmChart.Schema()["definitions"]!["service"]!;
        Assert.False((bool)service["additionalProperties"]!);
        Assert.DoesNotContain(((JsonObject)service["properties"]!).Select(p => p.Key), k => k.Contains("ecurity", StringComparison.Ordinal));

        Assert.Contains("- name: tmp\n  mountPath: /tmp\n", Definition("credentials.volumeMounts"), StringComparison.Ordinal);
        Assert.Contains("- name: tmp\n  emptyDir:\n", Definition("credentials.volumes"), StringComparison.Ordinal);
        Assert.Contains("automountServiceAccountToken: false", Definition("credentials.podSpec"), StringComparison.Ordinal);
    }

    [Fact]
    public void Deployment_ProbesUseGrpcHealth_LivenessAndOverall()
    {
        var body = Definition("credentials.deployment");
        Assert.Contains("livenessProbe:\n            grpc:\n              port: {{ $v.health.port }}\n              service: liveness\n", body, StringComparison.Ordinal);
        Assert.Contains("readinessProbe:\n            grpc:\n              port: {{ $v.health.port }}\n              service: \"\"\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Volumes_HsmModuleConfigPinAndTls_MountedReadOnly()
    {
        var mounts = Definition("credentials.volumeMounts");
        foreach (var volume in new[] { "tls", "kafka-ca", "redis-ca", "hsm-module", "hsm-config", "hsm-pin" })
        {
            var at = mounts.IndexOf($"- name: {volume}\n", StringComparison.Ordinal);
            Assert.True(at >= 0, $"{volume} is not mounted");
            var entry = mounts[at..].Split("\n- name:", 2)[0];
            Assert.Contains("readOnly: true", entry, StringComparison.Ordinal);
        }

        var volumes = Definition("credentials.volumes");
        Assert.Contains("{{- toYaml $v.hsm.moduleVolume | nindent 2 }}", volumes, StringComparison.Ordinal);
        Assert.Contains("{{- toYaml $v.hsm.configVolume | nindent 2 }}", volumes, StringComparison.Ordinal);
        Assert.Contains("secretName: {{ $svc.tls.existingSecret | quote }}", volumes, StringComparison.Ordinal);
        Assert.Contains("secretName: {{ $svc.hsm.pinSecret | quote }}", volumes, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_EverySettingTheServicesRead_IsSet()
    {
        var env = Definition("credentials.env");
        Assert.Contains("- name: Tls__ListenAddress\n  value: \"0.0.0.0\"\n", env, StringComparison.Ordinal);
        Assert.Contains("- name: ASPNETCORE_ENVIRONMENT\n  value: {{ $v.environment | quote }}\n", env, StringComparison.Ordinal);
        Assert.Equal("Production", (string?)HelmChart.Values()["environment"]);
        foreach (var name in new[]
        {
            "Tls__Port", "Tls__CertificatePath", "Tls__KeyPath", "Tls__ClientCaPath", "Postgres__ConnectionString",
            "S3__Endpoint", "S3__Region", "S3__UseTls", "S3__Bucket", "S3__AccessKey", "S3__SecretKey",
            "Kafka__BootstrapServers", "Kafka__SecurityProtocol", "Kafka__SaslMechanism", "Kafka__SaslUsername",
            "Kafka__SaslPassword", "Kafka__SslCaLocation", "KeyVault__ModulePath", "KeyVault__TokenLabel",
            "KeyVault__PinFile", "Redis__Configuration", "Redis__CaPath",
        })
        {
            Assert.Contains($"- name: {name}\n", env, StringComparison.Ordinal);
        }

        // The two gRPC clients among the services: document-signer -> csca and dtc -> trust-anchor.
        Assert.Contains("\"document-signer/csca\" \"DocumentSigner__Csca\"", env, StringComparison.Ordinal);
        Assert.Contains("\"dtc/trust-anchor\" \"Dtc__TrustAnchor\"", env, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_SecretSettings_ComeOnlyFromSecretReferences()
    {
        var lines = Definition("credentials.env").Split('\n');
        var checkedNames = 0;
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var match = EnvName().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var name = match.Groups["name"].Value;
            if (SecretLikeName().IsMatch(name) && !name.EndsWith("File", StringComparison.Ordinal)
                && !name.EndsWith("Path", StringComparison.Ordinal) && !name.EndsWith("Label", StringComparison.Ordinal))
            {
                Assert.True(lines[i + 1].Trim() == "valueFrom:", $"{name} must come from a secretKeyRef");
                checkedNames++;
            }
        }

        Assert.True(checkedNames >= 5, $"expected the connection string, S3 key pair, Kafka SASL password and Redis configuration, found {checkedNames}");
        Assert.Contains("{{- range $ref := $svc.extraSecretEnv }}\n- name: {{ $ref.name }}\n  valueFrom:\n    secretKeyRef:", Definition("credentials.env"), StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_ContainsNoLiteralSecretValues()
    {
        foreach (var file in HelmChart.TemplateFiles().Append(Path.Combine(HelmChart.Root, "values.yaml")))
        {
            var text = File.ReadAllText(file);
            var name = Path.GetRelativePath(HelmChart.Root, file);
            Assert.DoesNotMatch(@"(?m)^\s*kind:\s*Secret\s*$", text);
            Assert.DoesNotContain("stringData", text, StringComparison.Ordinal);
            Assert.DoesNotContain("b64enc", text, StringComparison.Ordinal);
            Assert.DoesNotContain("-----BEGIN", text, StringComparison.Ordinal);
            Assert.False(LongBase64().IsMatch(text), $"{name} holds a long base64 run");
        }

        // Every secret-sounding key in values.yaml names a Secret, a key inside one, or a token label: never a value.
        var problems = new List<string>();
        Walk(HelmChart.Values(), string.Empty, problems);
        Assert.True(problems.Count == 0, string.Join('\n', problems));

        static void Walk(JsonNode? node, string path, List<string> problems)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, child) in obj)
                    {
                        var childPath = path.Length == 0 ? key : path + "." + key;
                        if (child is JsonValue value && SecretLikeName().IsMatch(key))
                        {
                            var reference = key.EndsWith("Key", StringComparison.Ordinal) || key.EndsWith("Secret", StringComparison.Ordinal)
                                || key.EndsWith("Label", StringComparison.Ordinal) || key == "secretName";
                            var pattern = key.EndsWith("Key", StringComparison.Ordinal) ? SecretDataKey() : KubernetesName();
                            if (!reference || !pattern.IsMatch(value.ToString()))
                            {
                                problems.Add($"values.yaml {childPath}: secret-like key with a literal value");
                            }
                        }

                        Walk(child, childPath, problems);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Walk(item, path + ".[]", problems);
                    }

                    break;
            }
        }
    }

    [Fact]
    public void NetworkPolicy_DefaultEdges_AreTheDocumentedOnes()
    {
        var services = (JsonObject)HelmChart.Values()["services"]!;
        var calls = services.ToDictionary(p => p.Key, p => p.Value!["calls"]!.AsArray().Select(n => (string)n!).ToArray(), StringComparer.Ordinal);
        // ARCHITECTURE.md: document-signer -> csca, dtc -> trust-anchor, trust-anchor -> pkd; and dtc -> csca for the
        // DTC Signer certificate of the PC-bound bindings (docs/dtc.md); nothing else.
        Assert.Equal(["csca"], calls["document-signer"]);
        Assert.Equal(["trust-anchor", "csca"], calls["dtc"]);
        Assert.Equal(["pkd"], calls["trust-anchor"]);
        Assert.Empty(calls["csca"]);
        Assert.Empty(calls["pkd"]);
        Assert.Empty(calls["ledger"]);

        var relyingParties = services.Where(p => p.Value!["clients"]!.AsArray().Any(n => (string?)n == "relyingParties")).Select(p => p.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["dtc", "pkd", "trust-anchor"], relyingParties);
        Assert.True((bool)HelmChart.Values()["networkPolicy"]!["enabled"]!);
        Assert.Equal("true", ((bool)services["trust-anchor"]!["redis"]!["enabled"]!).ToString().ToLowerInvariant());
        Assert.All(services.Where(p => p.Key != "trust-anchor"), p => Assert.False((bool)p.Value!["redis"]!["enabled"]!));
    }

    [Fact]
    public void NetworkPolicy_DeniesByDefault_AndNeverEmitsAnEmptyPeerList()
    {
        var body = Definition("credentials.networkPolicy");
        Assert.Contains("policyTypes:\n    - Ingress\n    - Egress\n", body, StringComparison.Ordinal);
        // An empty `from`/`to` would admit everyone: each rule built from values is guarded by a non-empty check.
        Assert.Contains("{{- if $peers }}", body, StringComparison.Ordinal);
        Assert.Contains("{{- if $target.to }}", body, StringComparison.Ordinal);
        Assert.Contains("{{- if $v.networkPolicy.dns }}", body, StringComparison.Ordinal);
        Assert.Contains("(has $self $other.calls)", body, StringComparison.Ordinal);
        Assert.DoesNotContain("0.0.0.0/0", body, StringComparison.Ordinal);
        Assert.DoesNotContain("0.0.0.0/0", File.ReadAllText(Path.Combine(HelmChart.Root, "values.yaml")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void MigrateJob_RunsTheServiceAssemblyBeforeInstallAndUpgrade(string service)
    {
        var assembly = (string?)HelmChart.Values()["services"]![service]!["assembly"];
        Assert.Equal(HelmChart.Services[service], assembly);
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "services", assembly!, "Dockerfile"));
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{assembly}.dll\"]", dockerfile, StringComparison.Ordinal);

        var job = Definition("credentials.migrateJob");
        Assert.Contains("helm.sh/hook: pre-install,pre-upgrade", job, StringComparison.Ordinal);
        Assert.Contains("command: [\"dotnet\", {{ printf \"%s.dll\" $svc.assembly | quote }}, \"migrate\"]", job, StringComparison.Ordinal);
        Assert.Contains("restartPolicy: Never", job, StringComparison.Ordinal);

        // The Job's pod must not carry the service's selector labels, or the Service would route calls to it.
        var podTemplate = job[job.IndexOf("  template:", StringComparison.Ordinal)..];
        Assert.Contains("(dict \"root\" .root \"name\" (printf \"%s-migrate\" .name))", podTemplate, StringComparison.Ordinal);
        Assert.DoesNotContain("{{- include \"credentials.labels\" . | nindent 8 }}", podTemplate, StringComparison.Ordinal);
        Assert.DoesNotContain("serviceAccountName", job, StringComparison.Ordinal); // hooks run before the chart's ServiceAccounts exist
    }

    private static string Definition(string name)
    {
        var helpers = HelmChart.HelpersText;
        var start = helpers.IndexOf($"{{{{- define \"{name}\" -}}}}", StringComparison.Ordinal);
        Assert.True(start >= 0, $"definition {name} is missing");
        var end = helpers.IndexOf("{{- define ", start + 10, StringComparison.Ordinal);
        return end < 0 ? helpers[start..] : helpers[start..end];
    }

    private static List<string> Validate(JsonNode values) => new JsonSchemaValidator(HelmChart.Schema()).Validate(values);

    [GeneratedRegex(@"\{\{-?\s*\$(?<var>[A-Za-z_]+)\s*:=\s*(?<expr>[^}]*?)\s*-?\}\}")]
    private static partial Regex Binding();

    [GeneratedRegex(@"^- name: (?<name>[A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"(?i)(password|secret|accesskey|connectionstring|^Redis__Configuration$|pin|hmac|token)")]
    private static partial Regex SecretLikeName();

    [GeneratedRegex(@"^$|^[a-z0-9]([-a-z0-9._]*[a-z0-9])?$")]
    private static partial Regex KubernetesName();

    [GeneratedRegex(@"^[-._a-zA-Z0-9]+$")]
    private static partial Regex SecretDataKey();

    [GeneratedRegex(@"[A-Za-z0-9+/]{60,}={0,2}")]
    private static partial Regex LongBase64();
}
