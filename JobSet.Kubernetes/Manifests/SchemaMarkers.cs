using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Manifests;

/// <summary>
/// What reflection over a model cannot see, as data keyed by C# type name (<c>V1PodSpec</c>, for
/// the object schema) or type and JSON property (<c>V1PodSpec.containers</c>, for that property's
/// schema): the schema keywords a kubebuilder marker or a Kubernetes API marker declares.
/// </summary>
internal sealed class SchemaMarkers
{
    private readonly Dictionary<string, List<Action<JsonObject>>> rules = new(StringComparer.Ordinal);

    /// <summary>Applies the rules of a key (type or type.property) to a schema.</summary>
    public void Apply(string key, JsonObject schema)
    {
        if (rules.TryGetValue(key, out var list))
        {
            foreach (var rule in list)
            {
                rule(schema);
            }
        }
    }

    /// <summary>Whether a rule names this key.</summary>
    public bool Has(string key) => rules.ContainsKey(key);

    /// <summary>Adds a rule.</summary>
    public SchemaMarkers On(string key, Action<JsonObject> rule)
    {
        if (!rules.TryGetValue(key, out var list))
        {
            rules[key] = list = [];
        }

        list.Add(rule);
        return this;
    }

    /// <summary>Properties that must be present (<c>+required</c>).</summary>
    public SchemaMarkers Required(string type, params string[] names) => On(type, s =>
    {
        var set = (s["required"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        set.UnionWith(names);
        s["required"] = new JsonArray([.. set.Order(StringComparer.Ordinal).Select(n => (JsonNode?)JsonValue.Create(n))]);
    });

    /// <summary>A list keyed by fields (<c>+listType=map</c>, <c>+listMapKey=...</c>).</summary>
    public SchemaMarkers ListMap(string property, params string[] keys) => On(property, s =>
    {
        s["x-kubernetes-list-map-keys"] = new JsonArray([.. keys.Select(k => (JsonNode?)JsonValue.Create(k))]);
        s["x-kubernetes-list-type"] = "map";
    });

    /// <summary>A list of unique scalars (<c>+listType=set</c>).</summary>
    public SchemaMarkers ListSet(string property) => On(property, s => s["x-kubernetes-list-type"] = "set");

    /// <summary>A list replaced as a whole (<c>+listType=atomic</c>).</summary>
    public SchemaMarkers ListAtomic(string property) => On(property, s => s["x-kubernetes-list-type"] = "atomic");

    /// <summary>A default value (<c>+kubebuilder:default</c>).</summary>
    public SchemaMarkers Default(string property, JsonNode value) => On(property, s => s["default"] = value.DeepClone());

    /// <summary>Allowed values (<c>+kubebuilder:validation:Enum</c>).</summary>
    public SchemaMarkers Enum(string property, params string[] values) =>
        On(property, s => s["enum"] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]));

    /// <summary>A lower bound (<c>+kubebuilder:validation:Minimum</c>).</summary>
    public SchemaMarkers Minimum(string property, long minimum) => On(property, s => s["minimum"] = minimum);

    /// <summary>A length bound on a list (<c>+kubebuilder:validation:MaxItems</c>).</summary>
    public SchemaMarkers MaxItems(string property, int max) => On(property, s => s["maxItems"] = max);

    /// <summary>A CEL rule (<c>+kubebuilder:validation:XValidation</c>).</summary>
    public SchemaMarkers Cel(string key, string rule, string message) => On(key, s =>
    {
        var list = s["x-kubernetes-validations"] as JsonArray ?? [];
        list.Add(new JsonObject { ["message"] = message, ["rule"] = rule });
        s["x-kubernetes-validations"] = list;
    });

    /// <summary>Immutability once set (<c>self == oldSelf</c>).</summary>
    public SchemaMarkers Immutable(string property) => Cel(property, "self == oldSelf", "Value is immutable");
}
