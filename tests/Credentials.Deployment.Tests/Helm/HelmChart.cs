using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Credentials.Deployment.Tests.Helm;

/// <summary>The chart at deploy/helm/credentials, read as files (Helm itself cannot run here).</summary>
internal static class HelmChart
{
    /// <summary>Chart folder name of each service (services.&lt;name&gt; in values.yaml) and its project.</summary>
    public static readonly IReadOnlyDictionary<string, string> Services = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["csca"] = "Credentials.Csca",
        ["document-signer"] = "Credentials.DocumentSigner",
        ["dtc"] = "Credentials.Dtc",
        ["trust-anchor"] = "Credentials.TrustAnchor",
        ["pkd"] = "Credentials.Pkd",
        ["ledger"] = "Credentials.Ledger",
    };

    /// <summary>The seven template kinds every service folder holds: file name and the shared definition it renders.</summary>
    public static readonly IReadOnlyDictionary<string, string> TemplateKinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["deployment.yaml"] = "credentials.deployment",
        ["service.yaml"] = "credentials.service",
        ["serviceaccount.yaml"] = "credentials.serviceAccount",
        ["poddisruptionbudget.yaml"] = "credentials.podDisruptionBudget",
        ["horizontalpodautoscaler.yaml"] = "credentials.horizontalPodAutoscaler",
        ["networkpolicy.yaml"] = "credentials.networkPolicy",
        ["migrate-job.yaml"] = "credentials.migrateJob",
    };

    public static string Root { get; } = Path.Combine(RepositoryPaths.Root, "deploy", "helm", "credentials");

    public static string TemplatesRoot => Path.Combine(Root, "templates");

    public static string HelpersText => File.ReadAllText(Path.Combine(TemplatesRoot, "_helpers.tpl"));

    /// <summary>Every file under templates/ (the helpers and each service's manifests).</summary>
    public static IReadOnlyList<string> TemplateFiles() =>
        Directory.EnumerateFiles(TemplatesRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    /// <summary>values.yaml as a JSON tree (plain scalars typed as YAML 1.2 core schema does).</summary>
    public static JsonNode Values() => LoadYaml(Path.Combine(Root, "values.yaml"));

    public static JsonObject Schema() => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "values.schema.json")))!;

    /// <summary>Parses one YAML document strictly (duplicate keys and syntax errors throw) into JSON.</summary>
    public static JsonNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(path)))
        {
            stream.Load(new Parser(reader));
        }

        if (stream.Documents.Count != 1)
        {
            throw new InvalidDataException($"{path}: expected one YAML document, found {stream.Documents.Count}.");
        }

        return ToJson(stream.Documents[0].RootNode, path) ?? throw new InvalidDataException($"{path}: empty document.");
    }

    private static JsonNode? ToJson(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? string.Empty;
                    if (obj.ContainsKey(name))
                    {
                        throw new InvalidDataException($"{path}: duplicate key '{name}' at {key.Start}.");
                    }

                    obj[name] = ToJson(value, path);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(ToJson(item, path));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new InvalidDataException($"{path}: unsupported YAML node at {node.Start}.");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && text.Any(char.IsAsciiDigit))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }
}
