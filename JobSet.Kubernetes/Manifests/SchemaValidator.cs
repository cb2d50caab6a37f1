using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace JobSet.Kubernetes.Manifests;

/// <summary>
/// Checks an object against a structural CRD schema as the API server's schema validation does:
/// types (including int-or-string), required fields, enums, bounds, lengths, patterns, keyed lists
/// and sets. Fields the schema does not know are not errors (the API server prunes them). CEL rules
/// are not evaluated.
/// </summary>
public static class SchemaValidator
{
    private const int MaxErrors = 100;

    /// <summary>The problems, one line each naming the field (<c>spec.replicatedJobs[0].replicas: Invalid value: "string": ...</c>); empty when valid.</summary>
    public static IReadOnlyList<string> Validate(JsonNode? value, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<string>();
        Check(value, schema, "", errors);
        return errors;
    }

    private static void Check(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        if (errors.Count >= MaxErrors)
        {
            return;
        }

        var at = path.Length == 0 ? "<root>" : path;
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true && schema["type"] is not null)
            {
                errors.Add($"{at}: Invalid value: \"null\": {at} in body must be of type {schema["type"]}");
            }

            return;
        }

        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            if (!IsInteger(value) && Kind(value) != JsonValueKind.String)
            {
                errors.Add($"{at}: Invalid value: \"{TypeName(value)}\": {at} in body must be of type integer or string");
                return;
            }

            if (schema["pattern"] is { } p && Kind(value) == JsonValueKind.String && !Matches(p.GetValue<string>(), value.GetValue<string>()))
            {
                errors.Add($"{at}: Invalid value: \"{value.GetValue<string>()}\": {at} in body should match '{p.GetValue<string>()}'");
            }

            return;
        }

        var type = schema["type"]?.GetValue<string>();
        if (type is not null && !HasType(value, type))
        {
            errors.Add($"{at}: Invalid value: \"{TypeName(value)}\": {at} in body must be of type {type}: \"{TypeName(value)}\"");
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{at}: Unsupported value: {value.ToJsonString()}: supported values: {string.Join(", ", allowed.Select(a => a!.ToJsonString()))}");
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, errors);
                break;
            default:
                CheckScalar(value, schema, at, errors);
                break;
        }
    }

    private static void CheckObject(JsonObject obj, JsonObject schema, string path, List<string> errors)
    {
        foreach (var name in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add($"{Join(path, name)}: Required value");
            }
        }

        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"] as JsonObject;
        foreach (var (name, child) in obj)
        {
            if (properties?[name] is JsonObject p)
            {
                Check(child, p, Join(path, name), errors);
            }
            else if (additional is not null)
            {
                Check(child, additional, Join(path, name), errors);
            }
        }
    }

    private static void CheckArray(JsonArray array, JsonObject schema, string path, List<string> errors)
    {
        var at = path.Length == 0 ? "<root>" : path;
        if (schema["maxItems"] is { } max && array.Count > (long)Number(max))
        {
            errors.Add($"{at}: Too many: {array.Count}: must have at most {(long)Number(max)} items");
        }

        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], items, $"{path}[{i}]", errors);
            }
        }

        switch (schema["x-kubernetes-list-type"]?.GetValue<string>())
        {
            case "set":
                CheckUnique(array, n => n?.ToJsonString() ?? "null", at, errors);
                break;
            case "map":
                var keys = (schema["x-kubernetes-list-map-keys"] as JsonArray ?? []).Select(k => k!.GetValue<string>()).ToList();
                var defaults = keys.Select(k => (schema["items"]?["properties"]?[k]?["default"])?.ToJsonString() ?? "null").ToList();
                CheckUnique(array, n => string.Join(',', keys.Select((k, i) => n?[k]?.ToJsonString() ?? defaults[i])), at, errors);
                break;
        }
    }

    private static void CheckUnique(JsonArray array, Func<JsonNode?, string> key, string at, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (!seen.Add(key(array[i])))
            {
                errors.Add($"{at}[{i}]: Duplicate value: {key(array[i])}");
            }
        }
    }

    private static void CheckScalar(JsonNode value, JsonObject schema, string at, List<string> errors)
    {
        if (Kind(value) == JsonValueKind.Number)
        {
            var number = Number(value);
            if (schema["minimum"] is { } min && number < Number(min))
            {
                errors.Add($"{at}: Invalid value: {value.ToJsonString()}: {at} in body should be greater than or equal to {min.ToJsonString()}");
            }

            if (schema["format"]?.GetValue<string>() == "int32" && (number > int.MaxValue || number < int.MinValue))
            {
                errors.Add($"{at}: Invalid value: {value.ToJsonString()}: {at} in body must be a 32-bit integer");
            }

            return;
        }

        if (Kind(value) != JsonValueKind.String)
        {
            return;
        }

        var text = value.GetValue<string>();
        if (schema["maxLength"] is { } maxLength && text.Length > (long)Number(maxLength))
        {
            errors.Add($"{at}: Too long: may not be more than {(long)Number(maxLength)} bytes");
        }

        if (schema["minLength"] is { } minLength && text.Length < (long)Number(minLength))
        {
            errors.Add($"{at}: Invalid value: \"{text}\": {at} in body should be at least {(long)Number(minLength)} chars long");
        }

        if (schema["pattern"] is { } pattern && !Matches(pattern.GetValue<string>(), text))
        {
            errors.Add($"{at}: Invalid value: \"{text}\": {at} in body should match '{pattern.GetValue<string>()}'");
        }

        var format = schema["format"]?.GetValue<string>();
        if (format == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            errors.Add($"{at}: Invalid value: \"{text}\": {at} in body must be of type date-time");
        }
        else if (format == "byte" && !IsBase64(text))
        {
            errors.Add($"{at}: Invalid value: \"{text}\": {at} in body must be of type byte");
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[((text.Length * 3) + 3) / 4];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static bool Matches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool HasType(JsonNode value, string type) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => Kind(value) == JsonValueKind.String,
        "boolean" => Kind(value) is JsonValueKind.True or JsonValueKind.False,
        "integer" => IsInteger(value),
        "number" => Kind(value) == JsonValueKind.Number,
        _ => true,
    };

    private static bool IsInteger(JsonNode value) =>
        Kind(value) == JsonValueKind.Number && Number(value) is var d && Math.Floor(d) == d && !double.IsInfinity(d);

    private static double Number(JsonNode value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static JsonValueKind Kind(JsonNode value) => value.GetValueKind();

    private static string TypeName(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
