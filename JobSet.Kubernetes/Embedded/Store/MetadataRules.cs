using System.Text.Json.Nodes;
using JobSet.Core.Admission.Rules;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// The API server's checks of <c>metadata</c>: JSON types first (a real server cannot decode a body
/// whose labels are a list or whose resourceVersion is a number), then label and annotation syntax
/// (ObjectMeta validation). Every write path runs them, so a malformed object never reaches the
/// store, the selectors or the simulation.
/// </summary>
internal static class MetadataRules
{
    private static readonly string[] StringFields = ["name", "generateName", "namespace", "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "selfLink"];
    private static readonly string[] OwnerStringFields = ["apiVersion", "kind", "name", "uid"];

    /// <summary>
    /// Throws when a metadata field has the wrong JSON type: 400 BadRequest for a request body (it
    /// cannot be decoded), 422 Invalid on field <c>patch</c> when a patch produced it (as the API
    /// server reports a patched object it cannot decode).
    /// </summary>
    public static void CheckTypes(JsonObject obj, bool fromPatch)
    {
        if (TypeProblem(obj) is not { } problem)
        {
            return;
        }

        var message = $"json: cannot unmarshal {problem.Actual} into Go struct field ObjectMeta.metadata.{problem.Field} of type {problem.Expected}";
        throw fromPatch
            ? new StoreException(422, "Invalid", $"the server rejected our request due to an error in our request: {message}", new("", "", "") { Causes = [new("patch", message)] })
            : StoreException.BadRequest(message);
    }

    /// <summary>The label and annotation problems of an object (empty when valid), by Core's <see cref="ObjectMetaRules"/>.</summary>
    public static List<StoreCause> Problems(JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        return [.. ObjectMetaRules.Validate(StringPairs(meta?["labels"]), StringPairs(meta?["annotations"]))
            .Select(e => e.Message.StartsWith("Too long", StringComparison.Ordinal)
                ? new StoreCause(e.Path, e.Message, "FieldValueTooLong")
                : new StoreCause(e.Path, e.Message))];
    }

    /// <summary>Why a label value is invalid; empty when valid (<see cref="ObjectMetaRules.LabelValueProblems"/>).</summary>
    public static IReadOnlyList<string> LabelValueProblems(string value) => ObjectMetaRules.LabelValueProblems(value);

    /// <summary>Why a label or annotation key is invalid; empty when valid (<see cref="ObjectMetaRules.KeyProblems"/>).</summary>
    public static IReadOnlyList<string> KeyProblems(string key) => ObjectMetaRules.KeyProblems(key);

    private static IEnumerable<KeyValuePair<string, string>> StringPairs(JsonNode? map) =>
        map is JsonObject obj
            ? obj.Select(p => new KeyValuePair<string, string>(p.Key, p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : ""))
            : [];

    private static (string Field, string Actual, string Expected)? TypeProblem(JsonObject obj)
    {
        if (!obj.TryGetPropertyValue("metadata", out var metaNode) || metaNode is null)
        {
            return null;
        }

        if (metaNode is not JsonObject meta)
        {
            return ("", Describe(metaNode), "v1.ObjectMeta");
        }

        foreach (var field in StringFields)
        {
            if (meta[field] is { } v && !IsString(v))
            {
                return (field, Describe(v), "string");
            }
        }

        foreach (var field in new[] { "labels", "annotations" })
        {
            switch (meta[field])
            {
                case null:
                    break;
                case JsonObject map when map.FirstOrDefault(p => p.Value is not null && !IsString(p.Value)) is { Key: not null } bad:
                    return (field, Describe(bad.Value!), "string");
                case JsonObject:
                    break;
                case var other:
                    return (field, Describe(other), "map[string]string");
            }
        }

        switch (meta["finalizers"])
        {
            case null:
                break;
            case JsonArray list when list.FirstOrDefault(f => f is null || !IsString(f)) is { } badFinalizer:
                return ("finalizers", Describe(badFinalizer), "string");
            case JsonArray list when list.Any(f => f is null):
                return ("finalizers", "null", "string");
            case JsonArray:
                break;
            case var other:
                return ("finalizers", Describe(other), "[]string");
        }

        switch (meta["ownerReferences"])
        {
            case null:
                break;
            case JsonArray refs:
                foreach (var r in refs)
                {
                    if (r is not JsonObject owner)
                    {
                        return ("ownerReferences", r is null ? "null" : Describe(r), "v1.OwnerReference");
                    }

                    foreach (var field in OwnerStringFields)
                    {
                        if (owner[field] is { } v && !IsString(v))
                        {
                            return ($"ownerReferences.{field}", Describe(v), "string");
                        }
                    }
                }

                break;
            case var other:
                return ("ownerReferences", Describe(other), "[]v1.OwnerReference");
        }

        return null;
    }

    private static bool IsString(JsonNode node) => node is JsonValue v && v.TryGetValue<string>(out _);

    private static string Describe(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.TryGetValue<bool>(out _) => "bool",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        _ => "number",
    };
}
