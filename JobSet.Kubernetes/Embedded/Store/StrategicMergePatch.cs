using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// Strategic merge patch for the built-in kinds: like a JSON merge patch, except that the lists
/// kubectl touches merge element by element on their merge key (containers/name, env/name,
/// ports/containerPort or port, volumes/name, volumeMounts/mountPath, conditions/type,
/// ownerReferences/uid, ...) and <c>metadata.finalizers</c> merges as a set; every other list
/// (tolerations, args, command, ...) is replaced. The directives <c>$patch</c> (replace, delete,
/// merge), <c>$retainKeys</c>, <c>$deleteFromPrimitiveList/...</c> and <c>$setElementOrder/...</c>
/// (accepted, order not enforced) are understood. Merge keys come from a fixed table rather than
/// the OpenAPI schema, which is the simplification.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["imagePullSecrets"] = "name",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["resourceClaims"] = "name",
        ["containerStatuses"] = "name",
        ["initContainerStatuses"] = "name",
        ["podIPs"] = "ip",
        ["addresses"] = "type",
    };

    private static readonly HashSet<string> MergedPrimitiveLists = new(StringComparer.Ordinal) { "finalizers" };

    /// <summary>The target with the patch applied (the target may be changed in place).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject p)
        {
            throw StoreException.BadRequest("a strategic merge patch must be a JSON object");
        }

        return MergeObject(target as JsonObject ?? [], p);
    }

    private static JsonNode? MergeObject(JsonObject target, JsonObject patch)
    {
        var directive = Directive(patch);
        if (directive == "delete")
        {
            return null;
        }

        if (directive == "replace")
        {
            var replaced = (JsonObject)patch.DeepClone();
            replaced.Remove("$patch");
            return Strip(replaced);
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal) || key is "$patch" or "$retainKeys")
            {
                continue;
            }

            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (target[field] is JsonArray list && value is JsonArray remove)
                {
                    var kept = list.Where(e => !remove.Any(r => JsonNode.DeepEquals(r, e))).Select(e => e?.DeepClone()).ToArray();
                    target[field] = new JsonArray(kept);
                }

                continue;
            }

            if (value is null)
            {
                target.Remove(key);
                continue;
            }

            var current = target[key];
            JsonNode? merged = value switch
            {
                JsonObject vo when current is JsonObject co => MergeObject((JsonObject)co.DeepClone(), vo),
                JsonObject vo => MergeObject([], vo),
                JsonArray va => MergeList(key, current as JsonArray, va),
                _ => value.DeepClone(),
            };
            if (merged is null)
            {
                target.Remove(key);
            }
            else
            {
                target[key] = merged;
            }
        }

        if (patch["$retainKeys"] is { } retainNode)
        {
            if (retainNode is not JsonArray retain || retain.Any(k => k is not JsonValue v || !v.TryGetValue<string>(out _)))
            {
                throw StoreException.BadRequest("doesn't satisfy strategic merge patch format: invalid patch format of retainKeys");
            }

            var keep = retain.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var k in target.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                target.Remove(k);
            }
        }

        return target;
    }

    private static string? Directive(JsonObject o) => o["$patch"] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) && s is "replace" or "merge" or "delete" => s,
        var other => throw StoreException.BadRequest($"Unrecognized $patch directive: {other.ToJsonString()}"),
    };

    private static JsonArray MergeList(string field, JsonArray? current, JsonArray patch)
    {
        if (patch.Any(e => e is JsonObject o && Directive(o) == "replace"))
        {
            return new JsonArray([.. patch.Where(e => !(e is JsonObject o && o["$patch"] is not null)).Select(e => Strip(e?.DeepClone()))]);
        }

        if (MergedPrimitiveLists.Contains(field))
        {
            var union = (current ?? []).Select(e => e?.DeepClone()).ToList();
            foreach (var e in patch.Where(e => !union.Any(u => JsonNode.DeepEquals(u, e))))
            {
                union.Add(e?.DeepClone());
            }

            return new JsonArray([.. union]);
        }

        var key = MergeKeyFor(field, current, patch);
        if (key is null)
        {
            return new JsonArray([.. patch.Select(e => Strip(e?.DeepClone()))]);
        }

        var result = (current ?? []).Select(e => e?.DeepClone()).ToList();
        foreach (var element in patch)
        {
            if (element is not JsonObject po)
            {
                continue;
            }

            var id = po[key];
            var index = result.FindIndex(e => e is JsonObject eo && JsonNode.DeepEquals(eo[key], id));
            if (Directive(po) == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }

                continue;
            }

            if (index >= 0)
            {
                result[index] = MergeObject((JsonObject)result[index]!, po);
            }
            else
            {
                result.Add(Strip(po.DeepClone()));
            }
        }

        return new JsonArray([.. result.Where(e => e is not null)]);
    }

    private static string? MergeKeyFor(string field, JsonArray? current, JsonArray patch)
    {
        if (field == "ports")
        {
            // Container ports merge on containerPort, service ports on port.
            var sample = patch.OfType<JsonObject>().Concat((current ?? []).OfType<JsonObject>()).FirstOrDefault();
            return sample?["containerPort"] is not null ? "containerPort" : "port";
        }

        return MergeKeys.GetValueOrDefault(field);
    }

    private static JsonNode? Strip(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            foreach (var k in o.Select(p => p.Key).Where(k => k.StartsWith('$')).ToList())
            {
                o.Remove(k);
            }

            foreach (var (_, v) in o.ToList())
            {
                Strip(v);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var e in a)
            {
                Strip(e);
            }
        }

        return node;
    }
}
