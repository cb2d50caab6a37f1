using System.Globalization;
using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>Reads and writes the metadata fields of a JSON object the store works with.</summary>
internal static class ObjectMeta
{
    /// <summary>The <c>metadata</c> object, created when missing.</summary>
    public static JsonObject Metadata(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["metadata"] is JsonObject m)
        {
            return m;
        }

        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    /// <summary>A string field of metadata, or null.</summary>
    public static string? GetString(JsonObject obj, string field) =>
        obj?["metadata"]?[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>metadata.name.</summary>
    public static string? Name(JsonObject obj) => GetString(obj, "name");

    /// <summary>metadata.namespace.</summary>
    public static string? Namespace(JsonObject obj) => GetString(obj, "namespace");

    /// <summary>metadata.uid.</summary>
    public static string? Uid(JsonObject obj) => GetString(obj, "uid");

    /// <summary>metadata.resourceVersion.</summary>
    public static string? ResourceVersion(JsonObject obj) => GetString(obj, "resourceVersion");

    /// <summary>Whether metadata.deletionTimestamp is set.</summary>
    public static bool IsDeleting(JsonObject obj) => obj?["metadata"]?["deletionTimestamp"] is not null;

    /// <summary>metadata.labels as a dictionary (empty when none).</summary>
    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) => StringMap(obj?["metadata"]?["labels"]);

    /// <summary>metadata.finalizers (empty when none).</summary>
    public static List<string> Finalizers(JsonObject obj) =>
        obj?["metadata"]?["finalizers"] is JsonArray a ? [.. a.Select(n => n?.GetValue<string>() ?? "")] : [];

    /// <summary>Sets metadata.finalizers (removing the field when empty).</summary>
    public static void SetFinalizers(JsonObject obj, IReadOnlyCollection<string> finalizers)
    {
        var m = Metadata(obj);
        if (finalizers.Count == 0)
        {
            m.Remove("finalizers");
        }
        else
        {
            m["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode?)JsonValue.Create(f))]);
        }
    }

    /// <summary>The owner uids of metadata.ownerReferences.</summary>
    public static IReadOnlyList<string> OwnerUids(JsonObject obj) =>
        obj?["metadata"]?["ownerReferences"] is JsonArray a
            ? [.. a.Select(r => r?["uid"]?.GetValue<string>()).OfType<string>()]
            : [];

    /// <summary>An integer node as a long, whatever CLR type backs it (0 when absent or not a number).</summary>
    public static long AsLong(JsonNode? node) =>
        node is JsonValue v
            ? v.TryGetValue<long>(out var l) ? l : v.TryGetValue<int>(out var i) ? i : v.TryGetValue<double>(out var d) ? (long)d : 0
            : 0;

    /// <summary>A timestamp as the API server writes it (RFC 3339, whole seconds, UTC).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A string-to-string map from a JSON object node.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node)
    {
        if (node is not JsonObject o)
        {
            return new Dictionary<string, string>();
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in o)
        {
            map[k] = v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "";
        }

        return map;
    }

    /// <summary>The value at a dotted path (<c>spec.nodeName</c>) as text; empty when absent.</summary>
    public static string PathValue(JsonObject obj, string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(dottedPath);
        JsonNode? node = obj;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
            if (node is null)
            {
                return "";
            }
        }

        return node is JsonValue v
            ? v.TryGetValue<string>(out var s) ? s : v.ToJsonString()
            : node.ToJsonString();
    }
}
