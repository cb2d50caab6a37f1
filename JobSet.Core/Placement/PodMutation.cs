using JobSet.Core.Api;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Core.Placement;

/// <summary>
/// Pod defaulting as upstream's mutating pod webhook: for a JobSet pod not using the
/// node-selector strategy, record the priority label; with exclusive placement, give a leader
/// its affinity terms and a follower a nodeSelector for its leader node's topology domain.
/// </summary>
public static class PodMutation
{
    /// <summary>
    /// Defaults a copy of the pod (the input is not changed). A follower whose leader cannot be
    /// found or is not scheduled is left without a nodeSelector (validation then denies it);
    /// a scheduled leader whose node is missing or lacks the topology label is a denial.
    /// </summary>
    public static PodMutationResult Apply(V1Pod pod, PlacementIndex index)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(index);
        if (!PodFacts.IsJobSetPod(pod) || PodFacts.UsesNodeSelectorStrategy(pod))
        {
            return pod;
        }

        var mutated = ModelCopy.Of(pod)!;
        mutated.Metadata ??= new V1ObjectMeta();
        mutated.Spec ??= new V1PodSpec();

        // Exclusive placement is scoped to a priority: recording it lets the anti-affinity
        // of every leader, exclusive or not, match on it.
        if (PodFacts.PriorityLabelValue(mutated) is { } priority)
        {
            mutated.Metadata.Labels ??= new Dictionary<string, string>();
            mutated.Metadata.Labels[WellKnownKeys.Priority] = priority;
        }

        if (PodFacts.ExclusiveTopologyKey(mutated) is not { } topologyKey)
        {
            return mutated;
        }

        if (PodFacts.IsLeader(mutated))
        {
            LeaderAffinity.AddTo(mutated, topologyKey);
            return mutated;
        }

        return FollowLeader(mutated, topologyKey, index);
    }

    private static PodMutationResult FollowLeader(V1Pod follower, string topologyKey, PlacementIndex index)
    {
        // Upstream lets the follower through unchanged here; the validation step denies it.
        if (!LeaderLookup.Find(follower, index).TryPickT0(out var leader, out _) || !PodFacts.IsScheduled(leader))
        {
            return follower;
        }

        var topology = LeaderTopology.Of(leader, topologyKey, index);
        if (topology.TryPickT1(out var denial, out var value))
        {
            return denial;
        }

        follower.Spec.NodeSelector ??= new Dictionary<string, string>();
        follower.Spec.NodeSelector[topologyKey] = value;
        return follower;
    }
}
