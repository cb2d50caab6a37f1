using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Webhooks;

/// <summary>
/// The RFC 6902 JSON patch that turns one JSON document into another: objects are compared key
/// by key (add, remove, replace), anything else that differs is replaced whole (arrays included,
/// which keeps the patch correct without computing a list diff).
/// </summary>
public static class JsonPatchDiff
{
    /// <summary>The operations, in document order; empty when the documents are equal.</summary>
    public static JsonArray Create(JsonNode? from, JsonNode? to)
    {
        var ops = new JsonArray();
        Diff(from, to, "", ops);
        return ops;
    }

    private static void Diff(JsonNode? from, JsonNode? to, string path, JsonArray ops)
    {
        if (JsonNode.DeepEquals(from, to))
        {
            return;
        }

        if (from is JsonObject a && to is JsonObject b)
        {
            foreach (var (key, value) in a)
            {
                if (!b.ContainsKey(key))
                {
                    ops.Add(new JsonObject { ["op"] = "remove", ["path"] = $"{path}/{Escape(key)}" });
                }
                else
                {
                    Diff(value, b[key], $"{path}/{Escape(key)}", ops);
                }
            }

            foreach (var (key, value) in b)
            {
                if (!a.ContainsKey(key))
                {
                    ops.Add(new JsonObject { ["op"] = "add", ["path"] = $"{path}/{Escape(key)}", ["value"] = value?.DeepClone() });
                }
            }

            return;
        }

        ops.Add(new JsonObject { ["op"] = "replace", ["path"] = path, ["value"] = to?.DeepClone() });
    }

    private static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
