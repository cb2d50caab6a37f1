using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// The secondary indexes of one kind's objects: their table keys (<c>namespace/name</c>) by
/// namespace, by label (every <c>key=value</c> pair) and by the value of each field path that
/// selectors name often (<see cref="IndexedFields"/>). Each set is ordered as the table is, so a
/// list or watch walks only the objects its namespace or an equality selector can match, in
/// etcd key order, from any continue point: its cost follows the result, not the kind's size.
/// </summary>
internal sealed class KindIndex(ResourceType type)
{
    private static readonly SortedSet<string> Empty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> byNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, string Value), SortedSet<string>> byLabel = [];
    private readonly Dictionary<(string Path, string Value), SortedSet<string>> byField = [];
    private readonly IReadOnlyList<string> fields = IndexedFields(type);

    /// <summary>Every key of the kind, ordered (so a continued list seeks instead of skipping).</summary>
    public SortedSet<string> All { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The field paths indexed for a kind: <c>metadata.name</c> for all; for pods the node and
    /// phase (the kubelet's and pod GC's selectors); for Events the involved object (what
    /// <c>kubectl describe</c> asks). Other paths still work, by filtering the candidates.
    /// </summary>
    public static IReadOnlyList<string> IndexedFields(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type == ResourceType.Pods)
        {
            return ["metadata.name", "spec.nodeName", "status.phase"];
        }

        if (type == ResourceType.Events)
        {
            return ["metadata.name", "involvedObject.name", "involvedObject.uid", "involvedObject.kind", "involvedObject.namespace"];
        }

        if (type == ResourceType.EventsV1)
        {
            return ["metadata.name", "regarding.name", "regarding.uid", "regarding.kind", "regarding.namespace"];
        }

        return ["metadata.name"];
    }

    /// <summary>Adds an object under its key.</summary>
    public void Add(string tableKey, string ns, JsonObject obj)
    {
        All.Add(tableKey);
        if (type.Namespaced)
        {
            Set(byNamespace, ns).Add(tableKey);
        }

        foreach (var (key, value) in ObjectMeta.Labels(obj))
        {
            Set(byLabel, (key, value)).Add(tableKey);
        }

        foreach (var path in fields)
        {
            Set(byField, (path, ObjectMeta.PathValue(obj, path))).Add(tableKey);
        }
    }

    /// <summary>Removes an object (as it was indexed) from under its key.</summary>
    public void Remove(string tableKey, string ns, JsonObject obj)
    {
        All.Remove(tableKey);
        if (type.Namespaced)
        {
            Drop(byNamespace, ns, tableKey);
        }

        foreach (var (key, value) in ObjectMeta.Labels(obj))
        {
            Drop(byLabel, (key, value), tableKey);
        }

        foreach (var path in fields)
        {
            Drop(byField, (path, ObjectMeta.PathValue(obj, path)), tableKey);
        }
    }

    /// <summary>The keys of the namespace's objects, or null for a cluster-scoped kind.</summary>
    public SortedSet<string>? InNamespace(string ns) =>
        type.Namespaced ? byNamespace.GetValueOrDefault(ns) ?? Empty : null;

    /// <summary>
    /// The smallest ordered key set that holds every object the namespace and selectors can match
    /// (a superset: the caller still filters), or null when nothing narrows the whole kind.
    /// </summary>
    public SortedSet<string>? Candidates(string? ns, LabelSelector labels, FieldSelector selectorFields)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(selectorFields);
        SortedSet<string>? best = string.IsNullOrEmpty(ns) ? null : InNamespace(ns);
        foreach (var (key, values) in labels.RequiredValues())
        {
            var set = values.Count == 1 ? byLabel.GetValueOrDefault((key, values[0])) ?? Empty : Union(values.Select(v => byLabel.GetValueOrDefault((key, v))));
            best = Smaller(best, set);
        }

        foreach (var (path, value) in selectorFields.RequiredValues())
        {
            if (path == "metadata.namespace" && type.Namespaced)
            {
                best = Smaller(best, byNamespace.GetValueOrDefault(value) ?? Empty);
            }
            else if (fields.Contains(path))
            {
                best = Smaller(best, byField.GetValueOrDefault((path, value)) ?? Empty);
            }
        }

        return best;
    }

    /// <summary>The keys of <paramref name="set"/> after <paramref name="after"/> (all with null), in order, found by a seek.</summary>
    public static IEnumerable<string> After(SortedSet<string> set, string? after)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (after is null || set.Count == 0)
        {
            return set;
        }

        if (string.CompareOrdinal(after, set.Max) >= 0)
        {
            return [];
        }

        return set.GetViewBetween(after, set.Max!).Where(k => !string.Equals(k, after, StringComparison.Ordinal));
    }

    private static SortedSet<string> Smaller(SortedSet<string>? a, SortedSet<string> b) => a is null || b.Count < a.Count ? b : a;

    private static SortedSet<string> Union(IEnumerable<SortedSet<string>?> sets)
    {
        var union = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            if (set is not null)
            {
                union.UnionWith(set);
            }
        }

        return union;
    }

    private static SortedSet<string> Set<TKey>(Dictionary<TKey, SortedSet<string>> index, TKey key)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            index[key] = set;
        }

        return set;
    }

    private static void Drop<TKey>(Dictionary<TKey, SortedSet<string>> index, TKey key, string tableKey)
        where TKey : notnull
    {
        if (index.TryGetValue(key, out var set))
        {
            set.Remove(tableKey);
            if (set.Count == 0)
            {
                index.Remove(key);
            }
        }
    }
}
