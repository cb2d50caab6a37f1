using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Kubernetes.Controller;

/// <summary>
/// Splits a plan's actions into the batches upstream runs: the Job creates of one
/// ReplicatedJob together, consecutive Job deletes together (each batch in parallel, errors
/// joined), every other action on its own, in plan order.
/// </summary>
internal static class ActionBatches
{
    public static List<List<PlanAction>> Split(IReadOnlyList<PlanAction> actions)
    {
        var batches = new List<List<PlanAction>>();
        string? previous = null;
        foreach (var action in actions)
        {
            var key = BatchKey(action);
            if (key is not null && key == previous)
            {
                batches[^1].Add(action);
            }
            else
            {
                batches.Add([action]);
            }

            previous = key;
        }

        return batches;
    }

    /// <summary>Actions with the same non-null key run together; null runs alone.</summary>
    private static string? BatchKey(PlanAction action) => action.Match(
        create => create.Resource is V1Job job ? "create/" + (job.Metadata?.Labels?.TryGetValue(WellKnownKeys.ReplicatedJobName, out var rjob) == true ? rjob : "") : null,
        _ => null,
        _ => null,
        delete => delete.Resource is V1Job ? "delete" : null);
}
