using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Credentials.Deployment.Tests.Helm;

/// <summary>
/// A JSON Schema (draft-07) validator for the keywords values.schema.json uses, written here because the served
/// .NET validators either do not restore (JsonSchema.Net) or silently ignore some draft-07 keywords (NJsonSchema:
/// const, if/then, propertyNames). <see cref="SupportedKeywords"/> lists what is implemented; a test fails when the
/// schema uses anything else, so no rule can be ignored silently.
/// </summary>
internal sealed class JsonSchemaValidator
{
    public static readonly IReadOnlySet<string> SupportedKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "$schema", "$ref", "title", "description", "definitions", "type", "enum", "const", "pattern", "minLength",
        "maxLength", "minimum", "maximum", "required", "properties", "additionalProperties", "propertyNames",
        "minProperties", "items", "minItems", "maxItems", "uniqueItems", "contains", "allOf", "anyOf", "oneOf", "not",
        "if", "then", "else",
    };

    private readonly JsonObject _root;

    public JsonSchemaValidator(JsonObject root) => _root = root;

    /// <summary>Every keyword the schema uses that this validator does not implement.</summary>
    public IEnumerable<string> UnsupportedKeywords() => Keywords(_root).Where(k => !SupportedKeywords.Contains(k)).Distinct();

    /// <summary>The violations of <paramref name="instance"/>, each as "path: reason".</summary>
    public List<string> Validate(JsonNode? instance)
    {
        var errors = new List<string>();
        Check(_root, instance, "$", errors);
        return errors;
    }

    private void Check(JsonNode? schemaNode, JsonNode? instance, string path, List<string> errors)
    {
        if (schemaNode is JsonValue boolean && boolean.TryGetValue<bool>(out var allowed))
        {
            if (!allowed)
            {
                errors.Add($"{path}: no value is allowed here");
            }

            return;
        }

        var schema = (JsonObject)schemaNode!;
        if (schema["$ref"] is JsonValue reference)
        {
            Check(Resolve(reference.GetValue<string>()), instance, path, errors);
        }

        if (schema["type"] is { } type)
        {
            var types = type is JsonArray list ? list.Select(t => (string)t!).ToList() : [(string)type!];
            if (!types.Any(t => HasType(instance, t)))
            {
                errors.Add($"{path}: expected {string.Join(" or ", types)}, found {Kind(instance)}");
                return;
            }
        }

        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, instance)))
        {
            errors.Add($"{path}: {instance?.ToJsonString() ?? "null"} is not one of {options.ToJsonString()}");
        }

        if (schema.TryGetPropertyValue("const", out var constant) && !JsonNode.DeepEquals(constant, instance))
        {
            errors.Add($"{path}: must be {constant?.ToJsonString() ?? "null"}");
        }

        if (instance is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add($"{path}: '{text}' does not match {pattern.GetValue<string>()}");
            }

            if (schema["minLength"] is JsonValue min && text.Length < min.GetValue<int>())
            {
                errors.Add($"{path}: shorter than {min.GetValue<int>()}");
            }

            if (schema["maxLength"] is JsonValue max && text.Length > max.GetValue<int>())
            {
                errors.Add($"{path}: longer than {max.GetValue<int>()}");
            }
        }

        if (instance is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
        {
            var n = ToDouble(number);
            if (schema["minimum"] is JsonValue min && n < ToDouble(min))
            {
                errors.Add($"{path}: below {min}");
            }

            if (schema["maximum"] is JsonValue max && n > ToDouble(max))
            {
                errors.Add($"{path}: above {max}");
            }
        }

        if (instance is JsonObject obj)
        {
            CheckObject(schema, obj, path, errors);
        }

        if (instance is JsonArray array)
        {
            CheckArray(schema, array, path, errors);
        }

        foreach (var part in schema["allOf"]?.AsArray() ?? [])
        {
            Check(part, instance, path, errors);
        }

        if (schema["anyOf"] is JsonArray anyOf && !anyOf.Any(part => Passes(part, instance, path)))
        {
            errors.Add($"{path}: matches none of anyOf");
        }

        if (schema["oneOf"] is JsonArray oneOf && oneOf.Count(part => Passes(part, instance, path)) != 1)
        {
            errors.Add($"{path}: must match exactly one of oneOf");
        }

        if (schema["not"] is { } not && Passes(not, instance, path))
        {
            errors.Add($"{path}: matches a forbidden schema");
        }

        if (schema["if"] is { } condition)
        {
            var branch = Passes(condition, instance, path) ? schema["then"] : schema["else"];
            if (branch is not null)
            {
                Check(branch, instance, path, errors);
            }
        }
    }

    private void CheckObject(JsonObject schema, JsonObject obj, string path, List<string> errors)
    {
        foreach (var name in schema["required"]?.AsArray().Select(r => (string)r!) ?? [])
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add($"{path}: '{name}' is required");
            }
        }

        if (schema["minProperties"] is JsonValue minProperties && obj.Count < minProperties.GetValue<int>())
        {
            errors.Add($"{path}: needs at least {minProperties} properties");
        }

        var properties = schema["properties"] as JsonObject;
        foreach (var (name, child) in obj)
        {
            var childPath = $"{path}.{name}";
            if (schema["propertyNames"] is { } names)
            {
                Check(names, JsonValue.Create(name), $"{childPath} (name)", errors);
            }

            if (properties is not null && properties.TryGetPropertyValue(name, out var propertySchema))
            {
                Check(propertySchema, child, childPath, errors);
            }
            else if (schema.TryGetPropertyValue("additionalProperties", out var additional) && additional is not null)
            {
                Check(additional, child, childPath, errors);
            }
        }
    }

    private void CheckArray(JsonObject schema, JsonArray array, string path, List<string> errors)
    {
        if (schema["minItems"] is JsonValue minItems && array.Count < minItems.GetValue<int>())
        {
            errors.Add($"{path}: needs at least {minItems} items");
        }

        if (schema["maxItems"] is JsonValue maxItems && array.Count > maxItems.GetValue<int>())
        {
            errors.Add($"{path}: allows at most {maxItems} items");
        }

        if (schema["uniqueItems"] is JsonValue unique && unique.GetValue<bool>()
            && array.Select(i => i?.ToJsonString()).Distinct(StringComparer.Ordinal).Count() != array.Count)
        {
            errors.Add($"{path}: items must be unique");
        }

        if (schema["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(items, array[i], $"{path}[{i}]", errors);
            }
        }

        if (schema["contains"] is { } contains && !array.Any(item => Passes(contains, item, path)))
        {
            errors.Add($"{path}: contains no matching item");
        }
    }

    private bool Passes(JsonNode? schema, JsonNode? instance, string path)
    {
        var errors = new List<string>();
        Check(schema, instance, path, errors);
        return errors.Count == 0;
    }

    private JsonNode Resolve(string pointer)
    {
        if (!pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"only local references are supported: {pointer}");
        }

        JsonNode? node = _root;
        foreach (var part in pointer[2..].Split('/'))
        {
            node = node?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }

        return node ?? throw new InvalidDataException($"dangling reference {pointer}");
    }

    private static bool HasType(JsonNode? instance, string type) => type switch
    {
        "object" => instance is JsonObject,
        "array" => instance is JsonArray,
        "string" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => instance is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number && Math.Abs(ToDouble(v) % 1) < double.Epsilon,
        "null" => instance is null,
        _ => throw new InvalidDataException($"unknown type {type}"),
    };

    private static double ToDouble(JsonValue value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Kind(JsonNode? instance) => instance switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "unknown",
    };

    /// <summary>The keywords of every schema object in the document (skipping the names under properties/definitions).</summary>
    private static IEnumerable<string> Keywords(JsonNode? node)
    {
        if (node is not JsonObject schema)
        {
            yield break;
        }

        foreach (var (keyword, child) in schema)
        {
            yield return keyword;
            IEnumerable<JsonNode?> children = keyword switch
            {
                "properties" or "definitions" => ((JsonObject)child!).Select(p => p.Value),
                "allOf" or "anyOf" or "oneOf" => child!.AsArray(),
                "items" or "additionalProperties" or "propertyNames" or "contains" or "not" or "if" or "then" or "else" => [child],
                _ => [],
            };
            foreach (var nested in children.SelectMany(Keywords))
            {
                yield return nested;
            }
        }
    }
}
