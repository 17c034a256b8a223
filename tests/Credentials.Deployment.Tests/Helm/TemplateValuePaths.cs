using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Credentials.Deployment.Tests.Helm;

/// <summary>
/// Finds the value paths the chart's templates read and resolves them against values.yaml and values.schema.json.
/// Templates use <c>.Values.x</c> directly or through the chart's fixed variables (<c>$v</c> = .Values, <c>$svc</c> =
/// one service's values, and the range/get variables listed in <see cref="Variables"/>).
/// </summary>
internal static partial class TemplateValuePaths
{
    /// <summary>Template variable -> the values path it stands for ("*" any key of a map, "[]" any list item).</summary>
    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["v"] = string.Empty,
        ["svc"] = "services.*",
        ["other"] = "services.*",
        ["ref"] = "services.*.extraSecretEnv.[]",
        ["target"] = "networkPolicy.dependencies.*",
    };

    /// <summary>Every (file, values path) a template reads.</summary>
    public static IEnumerable<(string File, string Path)> Used()
    {
        foreach (var file in HelmChart.TemplateFiles())
        {
            var text = File.ReadAllText(file);
            foreach (Match match in DirectValues().Matches(text))
            {
                yield return (file, match.Groups["path"].Value.TrimStart('.'));
            }

            foreach (Match match in VariableAccess().Matches(text))
            {
                var variable = match.Groups["var"].Value;
                var fields = match.Groups["path"].Value.TrimStart('.');
                if (!Variables.TryGetValue(variable, out var basePath))
                {
                    throw new InvalidDataException($"{file}: variable ${variable} reads .{fields} but is not a known values variable.");
                }

                yield return (file, basePath.Length == 0 ? fields : basePath + "." + fields);
            }
        }
    }

    /// <summary>Nodes of <paramref name="root"/> at <paramref name="path"/>; null when a step is missing.</summary>
    public static List<JsonNode?>? Resolve(JsonNode root, string path)
    {
        var current = new List<JsonNode?> { root };
        foreach (var segment in path.Split('.'))
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                switch (segment)
                {
                    case "*" when node is JsonObject obj:
                        next.AddRange(obj.Select(p => p.Value));
                        break;
                    case "[]" when node is JsonArray array:
                        next.AddRange(array);
                        break;
                    case "*" or "[]":
                        return null;
                    default:
                        if (node is not JsonObject map || !map.TryGetPropertyValue(segment, out var child))
                        {
                            return null;
                        }

                        next.Add(child);
                        break;
                }
            }

            current = next;
        }

        return current;
    }

    /// <summary>True when the schema declares <paramref name="path"/> (following $ref, allOf and additionalProperties).</summary>
    public static bool DeclaredInSchema(JsonObject schema, string path)
    {
        var current = new List<JsonObject> { schema };
        foreach (var segment in path.Split('.'))
        {
            var next = new List<JsonObject>();
            foreach (var node in current.Select(n => Deref(schema, n)))
            {
                if (segment == "[]")
                {
                    if (node["items"] is JsonObject items)
                    {
                        next.Add(items);
                    }

                    continue;
                }

                var properties = Properties(schema, node);
                if (segment == "*")
                {
                    next.AddRange(properties.Values);
                    if (node["additionalProperties"] is JsonObject extra)
                    {
                        next.Add(extra);
                    }
                }
                else if (properties.TryGetValue(segment, out var property))
                {
                    next.Add(property);
                }
                else if (node["additionalProperties"] is JsonObject extra)
                {
                    next.Add(extra);
                }
            }

            if (next.Count == 0)
            {
                return false;
            }

            current = next;
        }

        return true;
    }

    private static JsonObject Deref(JsonObject schema, JsonObject node)
    {
        var guard = 0;
        while (node["$ref"] is JsonValue reference && guard++ < 16)
        {
            var pointer = reference.GetValue<string>();
            if (!pointer.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Only local $ref pointers are used in the chart's schema: {pointer}");
            }

            JsonNode? target = schema;
            foreach (var part in pointer[2..].Split('/'))
            {
                target = target?[part];
            }

            node = target as JsonObject ?? throw new InvalidDataException($"Dangling $ref {pointer}");
        }

        return node;
    }

    private static Dictionary<string, JsonObject> Properties(JsonObject schema, JsonObject node)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, value) in properties)
            {
                result[name] = (JsonObject)value!;
            }
        }

        if (node["allOf"] is JsonArray all)
        {
            foreach (var part in all.OfType<JsonObject>())
            {
                foreach (var (name, value) in Properties(schema, Deref(schema, part)))
                {
                    result.TryAdd(name, value);
                }
            }
        }

        return result;
    }

    [GeneratedRegex(@"\.Values(?<path>(?:\.[A-Za-z_][A-Za-z0-9_-]*)+)")]
    private static partial Regex DirectValues();

    [GeneratedRegex(@"\$(?<var>[A-Za-z_][A-Za-z0-9_]*)(?<path>(?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex VariableAccess();
}
