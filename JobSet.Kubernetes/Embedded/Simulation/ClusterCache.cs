using System.Globalization;
using System.Text.Json.Nodes;
using JobSet.Core.Placement;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// What the simulated components look up often, kept current from store events so that no
/// pass scans every pod: the nodes, the bound non-terminal pods (the scheduler's view) and the
/// pods of each Job by controller UID. Changes apply in resourceVersion order; the scheduler's
/// own binds are recorded at once, and a pod seen deleted is never brought back by a late write.
/// </summary>
internal sealed class ClusterCache
{
    private readonly Lock @lock = new();
    private readonly Dictionary<string, V1Node> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ns, string Name), V1Pod> boundPods = [];
    private readonly Dictionary<(string Ns, string Name), long> versions = [];
    private readonly Dictionary<(string Ns, string Name), string> deletedUids = [];
    private readonly Dictionary<string, HashSet<(string Ns, string Name)>> podsByOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ns, string Name), V1Pod?> boundChanges = [];
    private long nodesVersion;

    /// <summary>Applies a store change (or a listed object, with <paramref name="deleted"/> false).</summary>
    public void Observe(ResourceType type, JsonObject obj, bool deleted)
    {
        if (type == ResourceType.Nodes)
        {
            var name = ObjectMeta.Name(obj) ?? "";
            var node = deleted ? null : TypedStoreExtensions.FromJson<V1Node>(obj);
            lock (@lock)
            {
                nodesVersion++;
                if (node is null)
                {
                    nodes.Remove(name);
                }
                else
                {
                    nodes[name] = node;
                }
            }
        }
        else if (type == ResourceType.Pods)
        {
            var bound = !deleted && obj["spec"]?["nodeName"] is not null
                && obj["status"]?["phase"]?.GetValue<string>() is not ("Succeeded" or "Failed");
            Observe(TypedStoreExtensions.FromJson<V1Pod>(obj), deleted, bound);
        }
    }

    /// <summary>Records a pod as written by the simulation itself.</summary>
    public void ObserveOwnWrite(V1Pod pod) =>
        Observe(pod, deleted: false, bound: pod.Spec?.NodeName is not null && !PodFacts.IsFinished(pod));

    /// <summary>The nodes and the bound, non-terminal pods, for one scheduling pass.</summary>
    public (List<V1Node> Nodes, List<V1Pod> BoundPods) SchedulingInputs()
    {
        lock (@lock)
        {
            return ([.. nodes.Values], [.. boundPods.Values]);
        }
    }

    /// <summary>Counts node changes: the scheduler rebuilds its view of the nodes when it moved.</summary>
    public long NodesVersion
    {
        get
        {
            lock (@lock)
            {
                return nodesVersion;
            }
        }
    }

    /// <summary>
    /// The pods whose bound, non-terminal state changed since the last call: the pod now bound, or
    /// null when it is no longer (finished, unbound, deleted). The scheduler applies them to its view.
    /// </summary>
    public List<((string Ns, string Name) Key, V1Pod? Pod)> TakeBoundChanges()
    {
        lock (@lock)
        {
            var changes = boundChanges.Select(c => (c.Key, c.Value)).ToList();
            boundChanges.Clear();
            return changes;
        }
    }

    /// <summary>The keys of pods whose controller owner has this UID (verify against the store: the index may lag).</summary>
    public List<(string Ns, string Name)> PodsOwnedBy(string uid)
    {
        lock (@lock)
        {
            return podsByOwner.TryGetValue(uid, out var keys) ? [.. keys] : [];
        }
    }

    private void Observe(V1Pod pod, bool deleted, bool bound)
    {
        var key = (pod.Metadata.NamespaceProperty ?? "", pod.Metadata.Name);
        var owner = PodFacts.ControllerUid(pod);
        _ = long.TryParse(pod.Metadata.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var version);
        lock (@lock)
        {
            if (deleted)
            {
                deletedUids[key] = pod.Metadata.Uid ?? "";
                if (boundPods.Remove(key))
                {
                    boundChanges[key] = null;
                }

                versions.Remove(key);
                if (owner is not null && podsByOwner.TryGetValue(owner, out var keys))
                {
                    keys.Remove(key);
                    if (keys.Count == 0)
                    {
                        podsByOwner.Remove(owner);
                    }
                }

                return;
            }

            if ((deletedUids.TryGetValue(key, out var gone) && gone == pod.Metadata.Uid)
                || (versions.TryGetValue(key, out var seen) && seen > version))
            {
                return;
            }

            deletedUids.Remove(key);
            versions[key] = version;
            if (bound)
            {
                boundPods[key] = pod;
                boundChanges[key] = pod;
            }
            else if (boundPods.Remove(key))
            {
                boundChanges[key] = null;
            }

            if (owner is not null)
            {
                if (!podsByOwner.TryGetValue(owner, out var keys))
                {
                    keys = [];
                    podsByOwner[owner] = keys;
                }

                keys.Add(key);
            }
        }
    }
}
