using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Webhooks;

/// <summary>
/// The pod fields exclusive-placement mutation sets (labels, affinity, nodeSelector), copied from
/// the mutated pod onto the incoming object, so that fields the typed model does not know are
/// never lost. Shared by the pod webhook and the embedded cluster's in-process admission.
/// </summary>
internal static class PodMutationFields
{
    public static void CopyInto(JsonObject mutated, JsonObject target)
    {
        Copy(mutated, target, "metadata", "labels");
        Copy(mutated, target, "spec", "affinity");
        Copy(mutated, target, "spec", "nodeSelector");
    }

    private static void Copy(JsonObject from, JsonObject to, string section, string field)
    {
        var value = from[section]?[field];
        if (value is null)
        {
            return;
        }

        if (to[section] is not JsonObject target)
        {
            target = [];
            to[section] = target;
        }

        target[field] = value.DeepClone();
    }
}
