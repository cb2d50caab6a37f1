using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace JobSet.Kubernetes.Manifests;

/// <summary>
/// Builds a structural OpenAPI v3 schema (as a CRD declares it) by reflecting over a model's
/// <c>[JsonPropertyName]</c> properties: strings, integers (int32/int64), numbers, booleans,
/// <see cref="DateTime"/> as date-time strings, <c>byte[]</c> as base64 strings, <see cref="IntOrString"/>
/// and <see cref="ResourceQuantity"/> as int-or-string, dictionaries as <c>additionalProperties</c>,
/// lists as arrays. Embedded <see cref="V1ObjectMeta"/> is cut to the fields a template may carry
/// (name, namespace, labels, annotations, finalizers), as controller-gen does. Descriptions come from
/// XML documentation; required fields, enums, defaults and CEL rules from <see cref="SchemaMarkers"/>.
/// </summary>
internal sealed partial class SchemaGenerator(SchemaMarkers markers)
{
    /// <summary>The pattern the API server gives quantities.</summary>
    public const string QuantityPattern = @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    private static readonly HashSet<string> EmbeddedMetadataFields = new(StringComparer.Ordinal) { "annotations", "finalizers", "labels", "name", "namespace" };

    private readonly HashSet<Type> inProgress = [];

    /// <summary>The schema of a top-level kind: its metadata is a plain object, as the API server owns it.</summary>
    public JsonObject Root(Type type, string? description)
    {
        var schema = Object(type, description, topLevel: true);
        return schema;
    }

    private JsonObject Object(Type type, string? description, bool topLevel = false)
    {
        if (!inProgress.Add(type))
        {
            throw new InvalidOperationException($"recursive type {type.Name} cannot be a structural schema");
        }

        try
        {
            var schema = new JsonObject();
            Describe(schema, description ?? (IsKubernetesModel(type) ? null : XmlDocumentation.Of(type)));
            var properties = new JsonObject();
            var required = new List<string>();
            foreach (var (name, property) in JsonProperties(type))
            {
                JsonObject child;
                if (property.PropertyType == typeof(V1ObjectMeta))
                {
                    child = topLevel ? new JsonObject { ["type"] = "object" } : EmbeddedMetadata(Description(property));
                }
                else
                {
                    child = For(property.PropertyType, Description(property));
                }

                markers.Apply($"{type.Name}.{name}", child);
                properties[name] = Sorted(child);
                if (IsKubernetesModel(type) && property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null)
                {
                    required.Add(name);
                }
            }

            schema["properties"] = properties;
            if (required.Count > 0)
            {
                schema["required"] = new JsonArray([.. required.Order(StringComparer.Ordinal).Select(r => (JsonNode?)JsonValue.Create(r))]);
            }

            schema["type"] = "object";
            markers.Apply(type.Name, schema);
            return Sorted(schema);
        }
        finally
        {
            inProgress.Remove(type);
        }
    }

    private JsonObject For(Type type, string? description)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        JsonObject schema;
        if (type == typeof(string))
        {
            schema = Scalar("string");
        }
        else if (type == typeof(int) || type == typeof(short))
        {
            schema = Scalar("integer", "int32");
        }
        else if (type == typeof(long))
        {
            schema = Scalar("integer", "int64");
        }
        else if (type == typeof(double))
        {
            schema = Scalar("number", "double");
        }
        else if (type == typeof(float))
        {
            schema = Scalar("number", "float");
        }
        else if (type == typeof(bool))
        {
            schema = Scalar("boolean");
        }
        else if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            schema = Scalar("string", "date-time");
        }
        else if (type == typeof(byte[]))
        {
            schema = Scalar("string", "byte");
        }
        else if (type == typeof(IntOrString))
        {
            schema = IntOrStringSchema();
        }
        else if (type == typeof(ResourceQuantity))
        {
            schema = IntOrStringSchema();
            schema["pattern"] = QuantityPattern;
        }
        else if (DictionaryValue(type) is { } value)
        {
            schema = new JsonObject { ["additionalProperties"] = For(value, null), ["type"] = "object" };
        }
        else if (ListItem(type) is { } item)
        {
            schema = new JsonObject { ["items"] = For(item, null), ["type"] = "array" };
        }
        else if (type == typeof(object) || type == typeof(System.Text.Json.JsonElement))
        {
            schema = new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true };
        }
        else if (type.IsClass && JsonProperties(type).Any())
        {
            return Object(type, description);
        }
        else
        {
            throw new InvalidOperationException($"no schema for {type.FullName}");
        }

        Describe(schema, description);
        return Sorted(schema);
    }

    /// <summary>
    /// A property's documentation. Kubernetes types keep their first sentence only: the full text of
    /// the pod template alone would make the CRD larger than the 256 KiB that client-side
    /// <c>kubectl apply</c> can record in its last-applied annotation.
    /// </summary>
    private static string? Description(PropertyInfo property)
    {
        var text = XmlDocumentation.Of(property);
        return text is null || !IsKubernetesModel(property.DeclaringType!) ? text : FirstSentence().Split(text, 2)[0];
    }

    [GeneratedRegex(@"(?<=[a-z0-9)""]\.)\s+(?=[A-Z])")]
    private static partial Regex FirstSentence();

    private JsonObject EmbeddedMetadata(string? description)
    {
        var schema = new JsonObject();
        Describe(schema, description);
        var properties = new JsonObject();
        foreach (var (name, property) in JsonProperties(typeof(V1ObjectMeta)).Where(p => EmbeddedMetadataFields.Contains(p.Name)))
        {
            properties[name] = For(property.PropertyType, null);
        }

        schema["properties"] = properties;
        schema["type"] = "object";
        return schema;
    }

    private static JsonObject IntOrStringSchema() => new()
    {
        ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
        ["x-kubernetes-int-or-string"] = true,
    };

    private static JsonObject Scalar(string type, string? format = null)
    {
        var schema = new JsonObject();
        if (format is not null)
        {
            schema["format"] = format;
        }

        schema["type"] = type;
        return schema;
    }

    private static void Describe(JsonObject schema, string? description)
    {
        if (!string.IsNullOrWhiteSpace(description))
        {
            schema["description"] = description;
        }
    }

    /// <summary>Keys in ordinal order, with properties sorted too, so output is stable and diffable.</summary>
    private static JsonObject Sorted(JsonObject schema)
    {
        var sorted = new JsonObject();
        foreach (var (key, value) in schema.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
        {
            schema.Remove(key);
            if (key == "properties" && value is JsonObject props)
            {
                var p = new JsonObject();
                foreach (var (name, child) in props.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
                {
                    props.Remove(name);
                    p[name] = child;
                }

                sorted[key] = p;
            }
            else
            {
                sorted[key] = value;
            }
        }

        return sorted;
    }

    private static bool IsKubernetesModel(Type type) => type.Namespace == "k8s.Models";

    private static IEnumerable<(string Name, PropertyInfo Property)> JsonProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, Property: p))
            .Where(p => p.Name is not null && p.Property.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .Select(p => (p.Name!, p.Property));

    private static Type? DictionaryValue(Type type)
    {
        var dict = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dict?.GetGenericArguments()[0] == typeof(string) ? dict.GetGenericArguments()[1] : null;
    }

    private static Type? ListItem(Type type)
    {
        if (type == typeof(string) || type == typeof(byte[]))
        {
            return null;
        }

        var list = type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IList<>) || d == typeof(IEnumerable<>) || d == typeof(List<>) || d == typeof(IReadOnlyList<>))
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IList<>));
        return list?.GetGenericArguments()[0];
    }
}
