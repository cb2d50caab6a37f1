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
    private readonly Dictionary<(string Ns, string Name), PodView> boundPods = [];
    private readonly Dictionary<(string Ns, string Name), long> versions = [];
    private readonly Dictionary<(string Ns, string Name), string> deletedUids = [];
    private readonly Dictionary<string, HashSet<(string Ns, string Name)>> podsByOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ns, string Name), PodView?> boundChanges = [];
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
            // Read from the JSON: most pod changes never need the typed pod (only the scheduler's
            // view of bound pods does, and it converts them when it takes them).
            var bound = !deleted && obj["spec"]?["nodeName"] is not null
                && obj["status"]?["phase"]?.GetValue<string>() is not ("Succeeded" or "Failed");
            var key = (ObjectMeta.Namespace(obj) ?? "", ObjectMeta.Name(obj) ?? "");
            _ = long.TryParse(ObjectMeta.ResourceVersion(obj), NumberStyles.None, CultureInfo.InvariantCulture, out var version);
            Observe(key, ObjectMeta.Uid(obj), ControllerUid(obj), version, deleted, bound ? new PodView(obj, null) : null);
        }
    }

    /// <summary>Records a pod as written by the simulation itself.</summary>
    public void ObserveOwnWrite(V1Pod pod)
    {
        var key = (pod.Metadata.NamespaceProperty ?? "", pod.Metadata.Name);
        _ = long.TryParse(pod.Metadata.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var version);
        var bound = pod.Spec?.NodeName is not null && !PodFacts.IsFinished(pod);
        Observe(key, pod.Metadata.Uid, PodFacts.ControllerUid(pod), version, deleted: false, bound ? new PodView(null, pod) : null);
    }

    /// <summary>The nodes and the bound, non-terminal pods, for one scheduling pass.</summary>
    public (List<V1Node> Nodes, List<V1Pod> BoundPods) SchedulingInputs()
    {
        lock (@lock)
        {
            return ([.. nodes.Values], [.. boundPods.Values.Select(p => p.Pod)]);
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
    /// A bound pod that changed in neither node nor labels (a status write) is not a change for the scheduler.
    /// </summary>
    public List<((string Ns, string Name) Key, V1Pod? Pod)> TakeBoundChanges()
    {
        lock (@lock)
        {
            var changes = boundChanges.Select(c => (c.Key, c.Value?.Pod)).ToList();
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

    private static string? ControllerUid(JsonObject obj)
    {
        if (obj["metadata"]?["ownerReferences"] is not JsonArray owners)
        {
            return null;
        }

        foreach (var owner in owners)
        {
            if (owner?["controller"] is JsonValue controller && controller.GetValueKind() == System.Text.Json.JsonValueKind.True)
            {
                return owner["uid"]?.GetValue<string>();
            }
        }

        return null;
    }

    private void Observe((string Ns, string Name) key, string? uid, string? owner, long version, bool deleted, PodView? bound)
    {
        lock (@lock)
        {
            if (deleted)
            {
                deletedUids[key] = uid ?? "";
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

            if ((deletedUids.TryGetValue(key, out var gone) && gone == uid)
                || (versions.TryGetValue(key, out var seen) && seen > version))
            {
                return;
            }

            deletedUids.Remove(key);
            versions[key] = version;
            if (bound is not null)
            {
                var was = boundPods.GetValueOrDefault(key);
                boundPods[key] = bound;
                if (was is null || !was.SamePlacement(bound))
                {
                    boundChanges[key] = bound;
                }
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

    /// <summary>A bound pod as last seen: its JSON (from a store event) or the typed pod (the simulation's own write), typed on first use.</summary>
    private sealed class PodView(JsonObject? json, V1Pod? typed)
    {
        private V1Pod? typed = typed;

        public V1Pod Pod => typed ??= TypedStoreExtensions.FromJson<V1Pod>(json!);

        /// <summary>What the scheduler's view holds of a placed pod: its node and labels (its affinity is immutable).</summary>
        public bool SamePlacement(PodView other) =>
            NodeName == other.NodeName && Labels.Count == other.Labels.Count
            && Labels.All(l => other.Labels.TryGetValue(l.Key, out var v) && v == l.Value);

        private string? NodeName => json is not null ? json["spec"]?["nodeName"]?.GetValue<string>() : typed!.Spec?.NodeName;

        private IReadOnlyDictionary<string, string> Labels =>
            json is not null ? ObjectMeta.Labels(json)
            : typed!.Metadata.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal)
            : new Dictionary<string, string>();
    }
}
