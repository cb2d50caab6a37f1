using JobSet.Core.Api;
using JobSet.Core.Planning;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Core.Placement;

/// <summary>
/// Placement-violation detection as upstream's pod controller: for a scheduled, live leader
/// of an exclusive-placement Job, every follower of the same Job (job-key and owner UID) must
/// select the leader node's topology domain. Followers can slip through when the leader is
/// rescheduled after they were admitted; then all of them are marked and deleted so that the
/// Job recreates them behind the leader.
/// <para>
/// One deliberate difference from upstream: leaders of the node-selector strategy are not
/// checked. Their followers never get a topology nodeSelector (the webhook skips them; the
/// Job's namespaced-job nodeSelector places them), so upstream's check would judge every
/// such follower misplaced and delete it again on each recreation.
/// </para>
/// </summary>
public static class PlacementViolation
{
    /// <summary>Checks one leader against the observed pods and nodes.</summary>
    /// <param name="leader">The pod being reconciled.</param>
    /// <param name="index">The observed pods and nodes.</param>
    /// <param name="now">The time recorded on the DisruptionTarget conditions.</param>
    public static PlacementCheck Detect(V1Pod leader, PlacementIndex index, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(leader);
        ArgumentNullException.ThrowIfNull(index);
        if (!PodFacts.IsLeader(leader)
            || !PodFacts.IsScheduled(leader)
            || PodFacts.IsDeleted(leader)
            || PodFacts.UsesNodeSelectorStrategy(leader)
            || PodFacts.ExclusiveTopologyKey(leader) is not { } topologyKey)
        {
            return PlacementNotApplicable.Instance;
        }

        var name = leader.Metadata.Name;
        if (leader.GetLabel(WellKnownKeys.JobKey) is not { } jobKey)
        {
            return new PlacementUndecided($"job key label not found on leader pod: \"{name}\"");
        }

        if (PodFacts.ControllerUid(leader) is not { } ownerUid)
        {
            return new PlacementUndecided($"leader pod \"{name}\" has no controller owner");
        }

        // A pod with the job-key of another Job's incarnation (a different owner) is not ours to judge.
        var followers = index.PodsOfJob(leader.NamespaceOrDefault(), jobKey)
            .Where(p => PodFacts.ControllerUid(p) == ownerUid && !PodFacts.IsLeader(p))
            .OrderBy(p => p.Metadata?.Name, StringComparer.Ordinal)
            .ToList();

        // An unobserved node is not an error by itself (it may be under maintenance): it only
        // blocks the decision when a follower would otherwise be judged against it.
        var leaderTopology = "";
        if (index.Node(leader.Spec.NodeName) is not null)
        {
            var topology = LeaderTopology.Of(leader, topologyKey, index);
            if (topology.TryPickT1(out var unlabelled, out leaderTopology))
            {
                return new PlacementUndecided(unlabelled.Message);
            }
        }

        foreach (var follower in followers)
        {
            if (follower.Spec?.NodeSelector is { } selector
                && selector.TryGetValue(topologyKey, out var followerTopology)
                && followerTopology == leaderTopology)
            {
                continue;
            }

            return leaderTopology.Length == 0
                ? new PlacementUndecided("leader topology is unknown (node not found)")
                : new PlacementViolated(EvictAll(followers, now));
        }

        return PlacementSatisfied.Instance;
    }

    /// <summary>The DisruptionTarget condition a follower gets before it is deleted.</summary>
    public static V1PodCondition ViolationCondition(DateTimeOffset now) => new()
    {
        Type = "DisruptionTarget",
        Status = "True",
        Reason = Reasons.ExclusivePlacementViolation,
        Message = Messages.ExclusivePlacementViolation,
        // The API server keeps whole seconds.
        LastTransitionTime = Times.WholeSeconds(now),
    };

    private static List<PodAction> EvictAll(List<V1Pod> followers, DateTimeOffset now)
    {
        var condition = ViolationCondition(now);
        var actions = new List<PodAction>(followers.Count * 2);
        foreach (var follower in followers)
        {
            if (WithCondition(follower, condition) is { } marked)
            {
                actions.Add(new MarkDisruptionTarget(marked, condition));
            }

            actions.Add(new DeletePod(follower, PropagationPolicy.Background));
        }

        return actions;
    }

    /// <summary>
    /// A copy of the pod with the condition set, or null when a condition of that type with
    /// that status is already there (no status update needed). A condition of that type with
    /// another status is replaced.
    /// </summary>
    private static V1Pod? WithCondition(V1Pod pod, V1PodCondition condition)
    {
        var existing = pod.Status?.Conditions ?? [];
        var at = -1;
        for (var i = 0; i < existing.Count; i++)
        {
            if (existing[i].Type == condition.Type)
            {
                if (existing[i].Status == condition.Status)
                {
                    return null;
                }

                at = i;
                break;
            }
        }

        var copy = ModelCopy.Of(pod)!;
        copy.Status ??= new V1PodStatus();
        copy.Status.Conditions ??= [];
        if (at >= 0)
        {
            copy.Status.Conditions[at] = condition;
        }
        else
        {
            copy.Status.Conditions.Add(condition);
        }

        return copy;
    }
}
