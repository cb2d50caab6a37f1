using System.Text.Json.Nodes;
using JobSet.Core.Serialization;

namespace JobSet.Core.Admission.Rules;

/// <summary>
/// Equality as apimachinery's <c>Semantic.DeepEqual</c> sees it: compared through the wire format
/// (so quantities compare by value), with an empty list or map equal to an absent one. An empty
/// object also equals an absent one: the wire format cannot tell a set-but-empty struct from a
/// map, and treating both alike keeps pod-template munging from reporting phantom changes.
/// </summary>
internal static class SemanticEquality
{
    public static bool AreEqual(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        return JsonNode.DeepEquals(Normalised(left), Normalised(right));
    }

    private static JsonNode? Normalised(object value)
    {
        var node = KubeSerializer.ToNode(value);
        return Prune(node);
    }

    /// <summary>Drops nulls, empty lists and empty objects, innermost first.</summary>
    private static JsonNode? Prune(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = Prune(obj[key]);
                    if (child is null or JsonArray { Count: 0 } or JsonObject { Count: 0 })
                    {
                        obj.Remove(key);
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i]);
                }

                return array;
            default:
                return node;
        }
    }
}
