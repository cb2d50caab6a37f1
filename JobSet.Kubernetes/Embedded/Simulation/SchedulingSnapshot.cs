using System.Globalization;
using JobSet.Core.Api;
using JobSet.Core.Placement;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// The cluster as the scheduler sees it: nodes, the non-terminal pods bound to them and
/// namespace labels. It lives across scheduling passes: pod placements are applied as they
/// change (<see cref="Place"/>, <see cref="Unplace"/>, both idempotent by pod key), and nodes
/// are ordered by (pods, name) so that the least-loaded feasible node is found by walking that
/// order until a node passes the filters: O(log nodes) per pod when most nodes fit, not a scan
/// of every node. Pods with required pod (anti-)affinity also look at the placed pods their
/// terms can select; only a pod that fits nowhere scans every node (for the failure message).
/// </summary>
internal sealed class SchedulingSnapshot
{
    private readonly List<V1Node> nodes;
    private readonly Dictionary<string, int> podCount = new(StringComparer.Ordinal);
    private readonly SortedSet<(int Pods, string Name)> byLoad = new(LoadOrder.Instance);
    private readonly Dictionary<(string Ns, string Name), (V1Pod Pod, V1Node Node)> placed = [];
    private readonly HashSet<(string Ns, string Name)> placedWithAntiAffinity = [];
    private readonly Dictionary<string, V1Node> byName;
    private readonly Dictionary<string, (Dictionary<string, string> Labels, int Capacity)> nodeFacts;

    public SchedulingSnapshot(IEnumerable<V1Node> nodes, IEnumerable<V1Pod> boundPods, IReadOnlyDictionary<string, IDictionary<string, string>> namespaceLabels)
    {
        this.nodes = [.. nodes.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal)];
        byName = this.nodes.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        nodeFacts = this.nodes.ToDictionary(n => n.Metadata.Name, n => (NodeLabelsOf(n), CapacityOf(n)), StringComparer.Ordinal);
        foreach (var node in this.nodes)
        {
            byLoad.Add((0, node.Metadata.Name));
        }

        NamespaceLabels = namespaceLabels;
        foreach (var pod in boundPods)
        {
            if (pod.Spec?.NodeName is { } nodeName && !PodFacts.IsFinished(pod))
            {
                Place(pod, nodeName);
            }
        }
    }

    /// <summary>The nodes, ordered by name.</summary>
    public IReadOnlyList<V1Node> Nodes => nodes;

    /// <summary>The namespaces' labels (for affinity terms with a namespace selector); set before each pass.</summary>
    public IReadOnlyDictionary<string, IDictionary<string, string>> NamespaceLabels { get; set; }

    /// <summary>Records a pod as running on a node (again: moves it); a pod on an unknown node is ignored.</summary>
    public void Place(V1Pod pod, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var key = (pod.NamespaceOrDefault(), pod.Metadata.Name);
        Unplace(key.Item1, key.Name);
        if (byName.TryGetValue(nodeName, out var node))
        {
            Count(nodeName, +1);
            placed[key] = (pod, node);
            if (pod.Spec?.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is { Count: > 0 })
            {
                placedWithAntiAffinity.Add(key);
            }
        }
    }

    /// <summary>Forgets a pod's placement (it finished, was deleted or unbound); nothing when it was not placed.</summary>
    public void Unplace(string ns, string name)
    {
        if (placed.Remove((ns, name), out var was))
        {
            placedWithAntiAffinity.Remove((ns, name));
            Count(was.Node.Metadata.Name, -1);
        }
    }

    /// <summary>The number of non-terminal pods on the node.</summary>
    public int PodsOn(string nodeName) => podCount.GetValueOrDefault(nodeName);

    /// <summary>
    /// The node for the pod: the feasible node with the fewest pods (ties by name), or null with
    /// the count of nodes failing each filter.
    /// </summary>
    public SchedulingDecision Decide(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var ns = pod.NamespaceOrDefault();
        var labels = pod.Metadata.Labels ?? new Dictionary<string, string>();
        var affinity = (pod.Spec.Affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? [])
            .Select(t => (Term: t, Domains: DomainsOfMatchingPods(t, ns), Self: Selects(t, ns, ns, labels)))
            .ToList();
        var anti = (pod.Spec.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? [])
            .Select(t => (Term: t, Domains: DomainsOfMatchingPods(t, ns)))
            .ToList();
        var blockedByExisting = DomainsBlockedByExistingPods(ns, labels);

        // Least loaded first: the first node that passes the filters is the answer.
        foreach (var (_, name) in byLoad)
        {
            if (Filter(pod, byName[name], affinity, anti, blockedByExisting) is null)
            {
                return new SchedulingDecision(name, "");
            }
        }

        var failures = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (Filter(pod, node, affinity, anti, blockedByExisting) is { } reason)
            {
                failures[reason] = failures.GetValueOrDefault(reason) + 1;
            }
        }

        var detail = string.Join(", ", failures.Select(f => $"{f.Value} {f.Key}"));
        var message = string.Create(CultureInfo.InvariantCulture, $"0/{nodes.Count} nodes are available") + (detail.Length > 0 ? ": " + detail : "") + ".";
        return new SchedulingDecision(null, message);
    }

    private void Count(string nodeName, int delta)
    {
        var before = PodsOn(nodeName);
        byLoad.Remove((before, nodeName));
        podCount[nodeName] = before + delta;
        byLoad.Add((before + delta, nodeName));
    }

    private string? Filter(
        V1Pod pod,
        V1Node node,
        List<(V1PodAffinityTerm Term, Dictionary<string, HashSet<string>>? Domains, bool Self)> affinity,
        List<(V1PodAffinityTerm Term, Dictionary<string, HashSet<string>>? Domains)> anti,
        HashSet<(string Key, string Value)> blockedByExisting)
    {
        var nodeLabels = NodeLabels(node);
        if (node.Spec?.Unschedulable == true)
        {
            return "node(s) were unschedulable";
        }

        if (NodeFit.UntoleratedTaint(node.Spec?.Taints, pod.Spec.Tolerations) is { } taint)
        {
            return $"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}";
        }

        if (!NodeFit.MatchesNodeSelectorAndAffinity(pod.Spec, nodeLabels))
        {
            return "node(s) didn't match Pod's node affinity/selector";
        }

        if (PodsOn(node.Metadata.Name) >= nodeFacts[node.Metadata.Name].Capacity)
        {
            return "Too many pods";
        }

        foreach (var (term, domains, self) in affinity)
        {
            if (!nodeLabels.TryGetValue(term.TopologyKey, out var domain))
            {
                return "node(s) didn't match pod affinity rules";
            }

            // With no matching pod anywhere, a pod that matches its own term may start the group.
            var satisfied = domains is null ? self : domains.TryGetValue(term.TopologyKey, out var values) && values.Contains(domain);
            if (!satisfied)
            {
                return "node(s) didn't match pod affinity rules";
            }
        }

        foreach (var (term, domains) in anti)
        {
            if (domains is not null && nodeLabels.TryGetValue(term.TopologyKey, out var domain)
                && domains.TryGetValue(term.TopologyKey, out var values) && values.Contains(domain))
            {
                return "node(s) didn't match pod anti-affinity rules";
            }
        }

        foreach (var (key, value) in blockedByExisting.Count == 0 ? [] : nodeLabels)
        {
            if (blockedByExisting.Contains((key, value)))
            {
                return "node(s) didn't satisfy existing pods anti-affinity rules";
            }
        }

        return null;
    }

    /// <summary>Topology values (of the term's key) of nodes running a pod the term selects; null when no pod matches.</summary>
    private Dictionary<string, HashSet<string>>? DomainsOfMatchingPods(V1PodAffinityTerm term, string ownerNamespace)
    {
        Dictionary<string, HashSet<string>>? domains = null;
        foreach (var (pod, node) in placed.Values)
        {
            if (!Selects(term, ownerNamespace, pod.NamespaceOrDefault(), pod.Metadata.Labels))
            {
                continue;
            }

            domains ??= new(StringComparer.Ordinal) { [term.TopologyKey] = new HashSet<string>(StringComparer.Ordinal) };
            if (NodeLabels(node).TryGetValue(term.TopologyKey, out var value))
            {
                domains[term.TopologyKey].Add(value);
            }
        }

        return domains;
    }

    /// <summary>Topology domains where an existing pod's required anti-affinity selects the incoming pod.</summary>
    private HashSet<(string Key, string Value)> DomainsBlockedByExistingPods(string ns, IDictionary<string, string> labels)
    {
        var blocked = new HashSet<(string, string)>();
        foreach (var key in placedWithAntiAffinity)
        {
            var (pod, node) = placed[key];
            var terms = pod.Spec?.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
            if (terms is null)
            {
                continue;
            }

            foreach (var term in terms)
            {
                if (Selects(term, pod.NamespaceOrDefault(), ns, labels)
                    && NodeLabels(node).TryGetValue(term.TopologyKey, out var value))
                {
                    blocked.Add((term.TopologyKey, value));
                }
            }
        }

        return blocked;
    }

    /// <summary>Whether a term of a pod in <paramref name="ownerNamespace"/> selects a pod in <paramref name="podNamespace"/> with these labels.</summary>
    private bool Selects(V1PodAffinityTerm term, string ownerNamespace, string podNamespace, IDictionary<string, string>? podLabels) =>
        NamespaceSelected(term, ownerNamespace, podNamespace) && LabelMatching.Matches(term.LabelSelector, podLabels);

    private bool NamespaceSelected(V1PodAffinityTerm term, string ownerNamespace, string podNamespace)
    {
        var listed = term.Namespaces is { Count: > 0 } names && names.Contains(podNamespace);
        if (listed)
        {
            return true;
        }

        if (term.NamespaceSelector is { } selector)
        {
            return LabelMatching.Matches(selector, NamespaceLabels.GetValueOrDefault(podNamespace) ?? new Dictionary<string, string>());
        }

        // Neither namespaces nor a selector: the term's own pod's namespace.
        return term.Namespaces is not { Count: > 0 } && podNamespace == ownerNamespace;
    }

    private Dictionary<string, string> NodeLabels(V1Node node) => nodeFacts[node.Metadata.Name].Labels;

    private static Dictionary<string, string> NodeLabelsOf(V1Node node) =>
        node.Metadata.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : new Dictionary<string, string>();

    private static int CapacityOf(V1Node node)
    {
        var quantity = Quantity(node.Status?.Allocatable) ?? Quantity(node.Status?.Capacity);
        return quantity is not null && int.TryParse(quantity.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pods) ? pods : 110;
    }

    private static ResourceQuantity? Quantity(IDictionary<string, ResourceQuantity>? map) =>
        map is not null && map.TryGetValue("pods", out var value) ? value : null;

    /// <summary>Fewest pods first, then by name (the order the scheduler prefers nodes in).</summary>
    private sealed class LoadOrder : IComparer<(int Pods, string Name)>
    {
        public static LoadOrder Instance { get; } = new();

        public int Compare((int Pods, string Name) x, (int Pods, string Name) y) =>
            x.Pods != y.Pods ? x.Pods.CompareTo(y.Pods) : string.CompareOrdinal(x.Name, y.Name);
    }
}
