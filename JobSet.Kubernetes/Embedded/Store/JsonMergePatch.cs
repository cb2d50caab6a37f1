using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>RFC 7386 JSON merge patch: objects merge key by key, null removes a key, anything else replaces.</summary>
internal static class JsonMergePatch
{
    /// <summary>The target with the patch applied (the target may be changed in place).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                // Objects merge in place, so keys keep their order; anything else replaces the value.
                var current = result[key];
                var merged = Apply(current, value);
                if (!ReferenceEquals(merged, current))
                {
                    result[key] = merged;
                }
            }
        }

        return result;
    }
}
