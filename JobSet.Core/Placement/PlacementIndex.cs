using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Placement;

/// <summary>
/// The observed Pods and Nodes exclusive placement needs, indexed once so that every lookup
/// is O(1): pods by namespace and name without random suffix (the leader lookup), pods by
/// namespace and job-key (the pod controller), nodes by name. As upstream's field indexes,
/// only pods carrying the exclusive-topology annotation are indexed.
/// </summary>
public sealed class PlacementIndex
{
    private readonly Dictionary<(string Namespace, string Name), List<V1Pod>> podsByName;
    private readonly Dictionary<(string Namespace, string JobKey), List<V1Pod>> podsByJobKey;
    private readonly Dictionary<string, V1Node> nodes;

    private PlacementIndex(
        Dictionary<(string, string), List<V1Pod>> podsByName,
        Dictionary<(string, string), List<V1Pod>> podsByJobKey,
        Dictionary<string, V1Node> nodes)
    {
        this.podsByName = podsByName;
        this.podsByJobKey = podsByJobKey;
        this.nodes = nodes;
    }

    /// <summary>An index of nothing: every leader is missing.</summary>
    public static PlacementIndex Empty { get; } = Build([], []);

    /// <summary>
    /// Indexes the observed objects in one pass. Pods keep their observed order within a key;
    /// for a node name seen twice the first one counts.
    /// </summary>
    public static PlacementIndex Build(IEnumerable<V1Pod> pods, IEnumerable<V1Node> nodes)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(nodes);
        var byName = new Dictionary<(string, string), List<V1Pod>>();
        var byJobKey = new Dictionary<(string, string), List<V1Pod>>();
        foreach (var pod in pods)
        {
            if (PodFacts.ExclusiveTopologyKey(pod) is null)
            {
                continue;
            }

            var ns = pod.NamespaceOrDefault();
            if (PodNames.WithoutRandomSuffix(pod.Metadata?.Name) is { } baseName)
            {
                Add(byName, (ns, baseName), pod);
            }

            if (pod.GetLabel(WellKnownKeys.JobKey) is { } jobKey)
            {
                Add(byJobKey, (ns, jobKey), pod);
            }
        }

        var byNode = new Dictionary<string, V1Node>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node.Metadata?.Name is { Length: > 0 } name)
            {
                byNode.TryAdd(name, node);
            }
        }

        return new PlacementIndex(byName, byJobKey, byNode);
    }

    /// <summary>The exclusive-placement pods of a namespace whose name without random suffix is <paramref name="baseName"/>.</summary>
    public IReadOnlyList<V1Pod> PodsNamed(string @namespace, string baseName) =>
        podsByName.TryGetValue((@namespace, baseName), out var pods) ? pods : [];

    /// <summary>The exclusive-placement pods of a namespace labelled with <paramref name="jobKey"/>.</summary>
    public IReadOnlyList<V1Pod> PodsOfJob(string @namespace, string jobKey) =>
        podsByJobKey.TryGetValue((@namespace, jobKey), out var pods) ? pods : [];

    /// <summary>The node with that name, or null when it was not observed.</summary>
    public V1Node? Node(string name) => nodes.GetValueOrDefault(name);

    private static void Add<TKey>(Dictionary<TKey, List<V1Pod>> index, TKey key, V1Pod pod)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        list.Add(pod);
    }
}
