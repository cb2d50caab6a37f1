using JobSet.Core.Api;
using k8s.Models;
using OneOf;

namespace JobSet.Core.Placement;

/// <summary>
/// Finds a follower's leader as upstream's pod webhook does: by the leader's name without
/// random suffix in the follower's namespace, ignoring pods being deleted and finished pods;
/// exactly one must remain, controlled by the same Job (owner UID) as the follower.
/// </summary>
public static class LeaderLookup
{
    /// <summary>The follower's leader, or why it cannot be used yet.</summary>
    public static OneOf<V1Pod, PlacementDenial> Find(V1Pod follower, PlacementIndex index)
    {
        ArgumentNullException.ThrowIfNull(follower);
        ArgumentNullException.ThrowIfNull(index);
        var leaderName = PodNames.LeaderOf(follower);
        if (leaderName.TryPickT1(out var missingLabel, out var name))
        {
            return missingLabel;
        }

        var live = index.PodsNamed(follower.NamespaceOrDefault(), name)
            .Where(p => !PodFacts.IsDeleted(p) && !PodFacts.IsFinished(p))
            .ToList();
        if (live.Count != 1)
        {
            return new PlacementDenial($"expected 1 leader pod ({name}), but got {live.Count}. this is an expected, transient error");
        }

        var leader = live[0];
        return OwnedBySameJob(leader, follower) is { } foreign ? foreign : leader;
    }

    /// <summary>Null when both pods are controlled by the same Job; otherwise why not, worded as upstream.</summary>
    public static PlacementDenial? OwnedBySameJob(V1Pod leader, V1Pod follower)
    {
        ArgumentNullException.ThrowIfNull(leader);
        ArgumentNullException.ThrowIfNull(follower);
        var followerOwner = PodFacts.Controller(follower);
        if (followerOwner is null)
        {
            return new PlacementDenial("follower pod has no owner reference");
        }

        var leaderOwner = PodFacts.Controller(leader);
        if (leaderOwner is null)
        {
            return new PlacementDenial($"leader pod \"{leader.Metadata?.Name}\" has no owner reference");
        }

        return followerOwner.Uid == leaderOwner.Uid
            ? null
            : new PlacementDenial($"follower pod owner UID ({followerOwner.Uid}) != leader pod owner UID ({leaderOwner.Uid})");
    }
}
