using System.Globalization;
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
        ArgumentNullException.ThrowIfNull(value);
        var node = JsonNode.Parse(KubernetesJson.Serialize(value))
            ?? throw new InvalidOperationException("serializer produced null");
        Normalise(node);
        return node;
    }

    /// <summary>The object as indented JSON.</summary>
    public static string ToJson(object value) => ToNode(value).ToJsonString(Indented) + "\n";

    /// <summary>The object as one YAML document.</summary>
    public static string ToYaml(object value) => YamlJson.ToYaml(ToNode(value));

    /// <summary>
    /// Reads a typed object from a JSON node. A wrong field type becomes a
    /// <see cref="ManifestException"/> naming the source and field path.
    /// </summary>
    public static T FromNode<T>(JsonNode node, string source)
    {
        ArgumentNullException.ThrowIfNull(node);

        // The models would hold the null and every reader of the list would have to expect it;
        // the API server refuses it too (a CRD's list item "must be of type object").
        if (NullListItem(node) is { } at)
        {
            throw new ManifestException($"{source}: field {at}: a list item must not be null");
        }

        try
        {
            return KubernetesJson.Deserialize<T>(node.ToJsonString())
                ?? throw new ManifestException($"{source}: the document is empty");
        }
        catch (JsonException ex)
        {
            throw new ManifestException($"{source}: {FieldPrefix(ex.Path)}{Readable(OneLine(ex.Message))}", ex);
        }
        catch (NotSupportedException ex)
        {
            // KubernetesClient's IntOrString converter refuses a value that is neither a number nor
            // a string (true, {}, []) with NotSupportedException, not JsonException: it is still a
            // wrong field type, and must never escape as an internal error.
            var match = UnsupportedValue().Match(ex.Message);
            if (!match.Success)
            {
                throw new ManifestException($"{source}: {OneLine(ex.Message)}", ex);
            }

            throw new ManifestException($"{source}: {FieldPrefix(match.Groups["path"].Value)}wrong type, expected {Expected(match.Groups["type"].Value)}", ex);
        }
        catch (FormatException ex)
        {
            throw new ManifestException($"{source}: {OneLine(ex.Message)}", ex);
        }
    }

    /// <summary>The path of the first null item of a list in <paramref name="node"/> (<c>spec.replicatedJobs[0]</c>), or null.</summary>
    private static string? NullListItem(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is not null && NullListItem(value) is { } inner)
                    {
                        return PathJoin(key, inner);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    // "" when the item itself is null.
                    var inner = array[i] is { } item ? NullListItem(item) : "";
                    if (inner is not null)
                    {
                        return PathJoin(string.Create(CultureInfo.InvariantCulture, $"[{i}]"), inner);
                    }
                }

                break;
        }

        return null;
    }

    /// <summary><c>a</c> and <c>b</c> as <c>a.b</c>; <c>a</c> and <c>[0]</c> as <c>a[0]</c>; <c>a</c> and nothing as <c>a</c>.</summary>
    private static string PathJoin(string head, string rest) =>
        rest.Length == 0 || rest[0] == '[' ? head + rest : head + "." + rest;

    /// <summary>
    /// Field paths of <paramref name="input"/> that <typeparamref name="T"/> has no property for
    /// (unknown or misspelt fields), found by walking the JSON along the CLR type. Maps
    /// (labels, annotations) take any key; custom-converted values are leaves.
    /// </summary>
    public static IReadOnlyList<string> UnknownFields<T>(JsonNode? input)
    {
        var unknown = new List<string>();
        var propertyMaps = new Dictionary<Type, Dictionary<string, Type>>();
        Walk(input, typeof(T), "", unknown, propertyMaps);
        return unknown;
    }

    private static void Walk(JsonNode? node, Type type, string path, List<string> unknown, Dictionary<Type, Dictionary<string, Type>> maps)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        switch (node)
        {
            case JsonObject obj when DictionaryValueType(type) is { } valueType:
                foreach (var (key, value) in obj)
                {
                    Walk(value, valueType, $"{path}[{key}]", unknown, maps);
                }

                break;
            case JsonObject obj when IsStructured(type):
                var properties = PropertiesOf(type, maps);
                foreach (var (key, value) in obj)
                {
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (properties.TryGetValue(key, out var propertyType))
                    {
                        Walk(value, propertyType, childPath, unknown, maps);
                    }
                    else
                    {
                        unknown.Add(childPath);
                    }
                }

                break;
            case JsonArray array when ElementType(type) is { } elementType:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], elementType, $"{path}[{i}]", unknown, maps);
                }

                break;
        }
    }

    private static bool IsStructured(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(object)
        && type.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonConverterAttribute), true).Length == 0
        && type.Namespace is not null && !type.Namespace.StartsWith("System", StringComparison.Ordinal);

    private static Dictionary<string, Type> PropertiesOf(Type type, Dictionary<Type, Dictionary<string, Type>> maps)
    {
        if (!maps.TryGetValue(type, out var map))
        {
            map = new Dictionary<string, Type>(StringComparer.Ordinal);
            foreach (var property in type.GetProperties())
            {
                var name = property.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), true)
                    .Cast<System.Text.Json.Serialization.JsonPropertyNameAttribute>().FirstOrDefault()?.Name;
                if (name is not null)
                {
                    map[name] = property.PropertyType;
                }
            }

            maps[type] = map;
        }

        return map;
    }

    private static Type? DictionaryValueType(Type type) =>
        Generic(type, typeof(IDictionary<,>)) is { } args && args[0] == typeof(string) ? args[1] : null;

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType() : Generic(type, typeof(IEnumerable<>))?[0];

    private static Type[]? Generic(Type type, Type definition)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == definition)
        {
            return type.GetGenericArguments();
        }

        return type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)
            ?.GetGenericArguments();
    }

    private static void Normalise(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[key];
                    if (child is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var text
                        && MayBeZeroFractionTimestamp(text) && TimestampWithZeroFraction().IsMatch(text))
                    {
                        obj[key] = TimestampWithZeroFraction().Replace(text, "Z");
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

    /// <summary>A cheap test before the regular expression (which every string of every object would otherwise run): <c>yyyy-MM-ddTHH:mm:ss.</c>...<c>Z</c>.</summary>
    private static bool MayBeZeroFractionTimestamp(string text) =>
        text.Length >= 21 && text[^1] == 'Z' && text[19] == '.' && text[10] == 'T';

    /// <summary>
    /// System.Text.Json's "could not be converted to System.Nullable`1[System.Int32]. Path: ..."
    /// as a user reads it: "wrong type, expected an integer" (the path is already given).
    /// </summary>
    private static string Readable(string message)
    {
        var match = ConversionError().Match(message);
        if (!match.Success)
        {
            return message;
        }

        return "wrong type, expected " + Expected(match.Groups["type"].Value);
    }

    /// <summary>What a field of the CLR type (as System.Text.Json names it) takes, as a user reads it.</summary>
    private static string Expected(string type) => type switch
    {
        _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "an integer",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "a boolean (true or false)",
        _ when type.Contains("Double", StringComparison.Ordinal) => "a number",
        // Written on the wire as strings, though their CLR types are no strings.
        _ when type.Contains("System.DateTime", StringComparison.Ordinal) => "a timestamp (an RFC 3339 string)",
        "System.Byte[]" => "a base64 string",
        "k8s.Models.ResourceQuantity" => "a quantity (such as 500m or 2Gi)",
        "k8s.Models.IntOrString" => "an integer or a string",
        "System.String" => "a string",
        _ when type.Contains("IList", StringComparison.Ordinal) || type.Contains("List`1", StringComparison.Ordinal) => "a list",
        _ when type.Contains("IDictionary", StringComparison.Ordinal) || type.Contains("Dictionary`2", StringComparison.Ordinal) => "a map",
        _ => "an object (" + type[(type.LastIndexOf('.') + 1)..] + ")",
    };

    [GeneratedRegex(@"could not be converted to (?<type>[^ ]+?)\.( Path:|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ConversionError();

    /// <summary>System.Text.Json's wrapping of a converter's NotSupportedException: "... located on type 'T'. Path: $.a.b | ...".</summary>
    [GeneratedRegex(@"located on type '(?<type>[^']+)'\. Path: (?<path>[^ ]+) \|", RegexOptions.CultureInvariant)]
    private static partial Regex UnsupportedValue();

    /// <summary>"field a.b: " for the JSON path <c>$.a.b</c>; nothing for the document itself (<c>$</c>) or no path.</summary>
    private static string FieldPrefix(string? jsonPath)
    {
        var path = (jsonPath ?? "").TrimStart('$').TrimStart('.');
        return path.Length > 0 ? $"field {path}: " : "";
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"(?<=^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.0+Z$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampWithZeroFraction();
}
