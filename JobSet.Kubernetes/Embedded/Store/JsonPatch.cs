using System.Globalization;
using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy and test operations on JSON pointers.</summary>
internal static class JsonPatch
{
    /// <summary>The document with the operations applied in order. A failing operation is a 422 Invalid <see cref="StoreException"/>, a malformed patch 400.</summary>
    public static JsonNode? Apply(JsonNode? document, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw StoreException.BadRequest("a JSON patch must be an array of operations");
        }

        var root = document;
        foreach (var op in operations)
        {
            if (op is not JsonObject)
            {
                throw StoreException.BadRequest($"json: cannot unmarshal {op?.GetValueKind().ToString().ToLowerInvariant() ?? "null"} into Go value of type jsonpatch.Operation");
            }

            // As the API server's JSON patch library: an operation it cannot read fails when applied (422), not when decoded.
            var name = Text(op, "op") ?? "unknown";
            var path = Text(op, "path") ?? throw Failed($"{name} operation does not apply: doc is missing path");
            switch (name)
            {
                case "add":
                    root = Add(root, path, Value(op));
                    break;
                case "remove":
                    root = Remove(root, path, out _);
                    break;
                case "replace":
                    root = Remove(root, path, out _);
                    root = Add(root, path, Value(op));
                    break;
                case "move":
                {
                    var from = Text(op, "from") ?? throw Failed("move operation does not apply: doc is missing from path");
                    root = Remove(root, from, out var moved);
                    root = Add(root, path, moved);
                    break;
                }

                case "copy":
                {
                    var from = Text(op, "from") ?? throw Failed("copy operation does not apply: doc is missing from path");
                    root = Add(root, path, Resolve(root, from)?.DeepClone());
                    break;
                }

                case "test":
                    if (!JsonNode.DeepEquals(Resolve(root, path), Value(op)))
                    {
                        throw Failed($"testing value {path} failed");
                    }

                    break;
                default:
                    throw Failed($"Unexpected kind: {name}");
            }
        }

        return root;
    }

    private static JsonNode? Value(JsonNode op) =>
        op is JsonObject o && o.TryGetPropertyValue("value", out var v) ? v?.DeepClone() : throw Failed("the operation needs \"value\"");

    private static string? Text(JsonNode op, string field) => op[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static StoreException Failed(string message) => new(422, "Invalid", $"the server rejected our request due to an error in our request: {message}");

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw Failed($"invalid JSON pointer \"{pointer}\"");
        }

        return [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static JsonNode? Resolve(JsonNode? root, string pointer)
    {
        var node = root;
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw Failed($"path {pointer} does not exist"),
            };
        }

        return node;
    }

    private static (JsonNode? Parent, string Last) Parent(JsonNode? root, string pointer)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0)
        {
            return (null, "");
        }

        var parentPointer = string.Concat(tokens.SkipLast(1).Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        return (Resolve(root, parentPointer), tokens[^1]);
    }

    private static JsonNode? Add(JsonNode? root, string pointer, JsonNode? value)
    {
        var (parent, last) = Parent(root, pointer);
        if (pointer.Length == 0)
        {
            return value;
        }

        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Failed($"cannot add at {pointer}");
        }

        return root;
    }

    private static JsonNode? Remove(JsonNode? root, string pointer, out JsonNode? removed)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var child):
                removed = child;
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw Failed($"path {pointer} does not exist");
        }

        return root;
    }
}
