using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;

namespace JobSet.Core.Serialization;

/// <summary>
/// The one wire format of the project: objects go through <see cref="KubernetesJson"/>,
/// YAML is produced from that JSON. Output is normalised so that it is stable byte for byte:
/// timestamps whose fraction is zero are written with whole seconds, as the API server does.
/// </summary>
public static partial class KubeSerializer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The object as a JSON node, with the project's normalisations applied.</summary>
    public static JsonNode ToNode(object value)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(value))
            ?? throw new InvalidOperationException("serializer produced null");
        Normalise(node);
        return node;
    }

    /// <summary>The object as indented JSON.</summary>
    public static string ToJson(object value) => ToNode(value).ToJsonString(Indented) + "\n";

    /// <summary>The object as one YAML document.</summary>
    public static string ToYaml(object value) => YamlJson.ToYaml(ToNode(value));

    /// <summary>The object in the named output format: <c>yaml</c> or <c>json</c>.</summary>
    public static string Format(object value, OutputFormat format) =>
        format == OutputFormat.Json ? ToJson(value) : ToYaml(value);

    /// <summary>
    /// Reads a typed object from a JSON node. A wrong field type becomes a
    /// <see cref="ManifestException"/> naming the source and field path.
    /// </summary>
    public static T FromNode<T>(JsonNode node, string source)
    {
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            return KubernetesJson.Deserialize<T>(node.ToJsonString())
                ?? throw new ManifestException($"{source}: the document is empty");
        }
        catch (JsonException ex)
        {
            var path = ex.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "";
            var what = path.Length > 0 ? $"field {path}: " : "";
            throw new ManifestException($"{source}: {what}{OneLine(ex.Message)}", ex);
        }
        catch (FormatException ex)
        {
            throw new ManifestException($"{source}: {OneLine(ex.Message)}", ex);
        }
    }

    /// <summary>A deep copy through the wire format.</summary>
    public static T Clone<T>(T value)
        where T : class =>
        KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));

    /// <summary>
    /// Field paths present in <paramref name="input"/> that did not survive a round trip through
    /// the typed model (unknown or misspelt fields). Null values are not counted as fields.
    /// </summary>
    public static IReadOnlyList<string> DroppedFields(JsonNode? input, JsonNode? roundTripped)
    {
        var dropped = new List<string>();
        Compare(input, roundTripped, "", dropped);
        return dropped;
    }

    private static void Compare(JsonNode? input, JsonNode? output, string path, List<string> dropped)
    {
        switch (input)
        {
            case JsonObject inObj:
                var outObj = output as JsonObject;
                foreach (var (key, value) in inObj)
                {
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (value is null)
                    {
                        continue;
                    }

                    if (outObj is null || !outObj.TryGetPropertyValue(key, out var outValue))
                    {
                        // An omitempty field given its zero value is legitimately dropped.
                        if (!IsZero(value))
                        {
                            dropped.Add(childPath);
                        }

                        continue;
                    }

                    Compare(value, outValue, childPath, dropped);
                }

                break;
            case JsonArray inArray when output is JsonArray outArray:
                for (var i = 0; i < inArray.Count && i < outArray.Count; i++)
                {
                    Compare(inArray[i], outArray[i], $"{path}[{i}]", dropped);
                }

                break;
        }
    }

    private static bool IsZero(JsonNode value) => value switch
    {
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False => true,
            JsonValueKind.Number => v.ToJsonString() is "0" or "0.0",
            JsonValueKind.String => v.GetValue<string>().Length == 0,
            _ => false,
        },
        _ => false,
    };

    private static void Normalise(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[key];
                    if (child is JsonValue v && v.GetValueKind() == JsonValueKind.String && TimestampWithZeroFraction().IsMatch(v.GetValue<string>()))
                    {
                        obj[key] = TimestampWithZeroFraction().Replace(v.GetValue<string>(), "Z");
                    }
                    else if (child is not null)
                    {
                        Normalise(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Normalise(item);
                    }
                }

                break;
        }
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"(?<=^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.0+Z$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampWithZeroFraction();
}

/// <summary>Output formats of the command-line verbs.</summary>
public enum OutputFormat
{
    /// <summary>YAML (the default).</summary>
    Yaml,

    /// <summary>Indented JSON.</summary>
    Json,
}
