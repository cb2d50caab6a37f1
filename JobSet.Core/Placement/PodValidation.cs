using JobSet.Core.Admission;
using k8s.Models;

namespace JobSet.Core.Placement;

/// <summary>
/// Pod validation on create as upstream's validating pod webhook: a follower of an exclusive
/// placement Job is only admitted with a nodeSelector for the topology key and once its
/// leader is scheduled. Leaders, non-exclusive pods and node-selector-strategy pods pass.
/// </summary>
public static class PodValidation
{
    /// <summary>Validates the pod as it is after defaulting.</summary>
    public static PodValidationResult ValidateCreate(V1Pod pod, PlacementIndex index)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(index);
        if (!PodFacts.IsJobSetPod(pod)
            || PodFacts.UsesNodeSelectorStrategy(pod)
            || PodFacts.ExclusiveTopologyKey(pod) is not { } topologyKey
            || PodFacts.IsLeader(pod))
        {
            return Valid.Instance;
        }

        var nodeSelector = pod.Spec?.NodeSelector;
        if (nodeSelector is null)
        {
            return new PlacementDenial("follower pod node selector not set");
        }

        if (!nodeSelector.ContainsKey(topologyKey))
        {
            return new PlacementDenial($"follower pod node selector for topology domain not found. missing selector: {topologyKey}");
        }

        if (LeaderLookup.Find(pod, index).TryPickT1(out var denial, out var leader))
        {
            return denial;
        }

        return PodFacts.IsScheduled(leader)
            ? Valid.Instance
            : new PlacementDenial("leader pod not yet scheduled, not creating follower pod. this is an expected, transient error");
    }
}
