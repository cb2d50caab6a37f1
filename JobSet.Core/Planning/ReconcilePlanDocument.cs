using System.Text.Json.Nodes;
using JobSet.Core.Serialization;

namespace JobSet.Core.Planning;

/// <summary>
/// The plan as the document <c>jobset plan</c> prints (kind ReconcilePlan): stable field order,
/// objects in the Kubernetes wire format, Delete objects reduced to their identity. Use it to
/// snapshot-test plans.
/// </summary>
public static class ReconcilePlanDocument
{
    /// <summary>The document's kind.</summary>
    public const string Kind = "ReconcilePlan";

    /// <summary>The plan as a JSON node.</summary>
    public static JsonObject ToNode(ReconcilePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var actions = new JsonArray();
        foreach (var action in Actions(plan))
        {
            var entry = new JsonObject { ["type"] = action.Type };
            action.Switch(
                create => entry["object"] = KubeSerializer.ToNode(create.Resource),
                update => entry["object"] = KubeSerializer.ToNode(update.Resource),
                status => entry["object"] = KubeSerializer.ToNode(status.Resource),
                delete =>
                {
                    entry["object"] = Identity(delete.Resource);
                    entry["propagationPolicy"] = delete.PropagationPolicy;
                });
            actions.Add(entry);
        }

        var events = new JsonArray();
        foreach (var e in plan.Events)
        {
            events.Add(new JsonObject { ["type"] = e.Type, ["reason"] = e.Reason, ["message"] = e.Message });
        }

        var node = new JsonObject
        {
            ["kind"] = Kind,
            ["jobSet"] = new JsonObject { ["namespace"] = plan.Namespace, ["name"] = plan.Name },
            ["skipped"] = plan.Outcome == ReconcileOutcome.Skipped ? plan.Reason : "",
            ["statusChanged"] = plan.StatusChanged,
            ["status"] = KubeSerializer.ToNode(plan.Status),
            ["actions"] = actions,
            ["events"] = events,
        };
        if (plan.RequeueAfter is { } requeue)
        {
            // Whole seconds, rounded up so that a requeue never comes before the deadline.
            node["requeueAfterSeconds"] = (long)Math.Ceiling(requeue.TotalSeconds);
        }

        if (plan.Outcome == ReconcileOutcome.Failed)
        {
            node["error"] = plan.Reason;
        }

        return node;
    }

    /// <summary>
    /// The writes as the document lists them: <see cref="ReconcilePlan.Actions"/>, then the
    /// JobSet's own status write (an <see cref="UpdateStatusAction"/>) when the status changed,
    /// where upstream makes it.
    /// </summary>
    public static IReadOnlyList<PlanAction> Actions(ReconcilePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.StatusChanged ? [.. plan.Actions, new UpdateStatusAction(plan.JobSet)] : plan.Actions;
    }

    /// <summary>The plan as YAML.</summary>
    public static string ToYaml(ReconcilePlan plan) => YamlJson.ToYaml(ToNode(plan));

    private static JsonObject Identity(k8s.IKubernetesObject<k8s.Models.V1ObjectMeta> obj)
    {
        var metadata = new JsonObject
        {
            ["name"] = obj.Metadata?.Name,
            ["namespace"] = obj.Metadata?.NamespaceProperty,
        };
        if (obj.Metadata?.Uid is { } uid)
        {
            metadata["uid"] = uid;
        }

        return new JsonObject { ["apiVersion"] = obj.ApiVersion, ["kind"] = obj.Kind, ["metadata"] = metadata };
    }
}
