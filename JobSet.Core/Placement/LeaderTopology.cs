using k8s.Models;
using OneOf;

namespace JobSet.Core.Placement;

/// <summary>The topology domain a scheduled leader landed in: the value of the topology label on its node.</summary>
public static class LeaderTopology
{
    /// <summary>
    /// The leader node's value for <paramref name="topologyKey"/>; a node that was not observed
    /// or has no such label is a denial worded as upstream.
    /// </summary>
    public static OneOf<string, PlacementDenial> Of(V1Pod leader, string topologyKey, PlacementIndex index)
    {
        ArgumentNullException.ThrowIfNull(leader);
        ArgumentNullException.ThrowIfNull(index);
        var nodeName = leader.Spec?.NodeName ?? "";
        if (index.Node(nodeName) is not { } node)
        {
            return new PlacementDenial($"nodes \"{nodeName}\" not found");
        }

        return node.Metadata?.Labels is { } labels && labels.TryGetValue(topologyKey, out var value)
            ? value
            : new PlacementDenial($"node does not have topology label: {topologyKey}");
    }
}
