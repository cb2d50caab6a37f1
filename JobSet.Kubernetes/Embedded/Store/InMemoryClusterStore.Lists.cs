using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// Lists and their pages. A page costs its items plus the changes since the list's snapshot, not
/// the kind's size: the candidate keys are walked from the continue point by a seek and the walk
/// stops one match after the page is full; the remaining-item count of an unselected list comes
/// from the ordered key set's count after the last key, corrected by the changes since the snapshot.
/// </summary>
internal sealed partial class InMemoryClusterStore
{
    /// <summary>A page of a list, with the store's resourceVersion and a continue token.</summary>
    public ListResult List(ResourceType type, string? ns, ListOptions listOptions)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(listOptions);
        var labels = LabelSelector.Parse(listOptions.LabelSelector);
        var fields = FieldSelector.Parse(listOptions.FieldSelector);
        lock (gate)
        {
            string? after = null;
            var snapshot = resourceVersion;
            if (string.IsNullOrEmpty(listOptions.Continue) && listOptions.ResourceVersion is { Length: > 0 } rvText && rvText != "0")
            {
                if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var asked))
                {
                    throw StoreException.BadRequest($"invalid resource version \"{rvText}\"");
                }

                if (asked > resourceVersion)
                {
                    throw new StoreException(504, "Timeout", $"Too large resource version: {asked}, current: {resourceVersion}", new("", type.Group, type.Plural) { Causes = [new("", $"Too large resource version: {asked}, current: {resourceVersion}", "ResourceVersionTooLarge")] });
                }

                if (listOptions.Exact)
                {
                    // An exact read of the past is served from the kept history, as etcd serves an old revision until compaction.
                    snapshot = asked >= oldestResumableVersion
                        ? asked
                        : throw StoreException.Gone("The resourceVersion for the provided list is too old.");
                }
            }

            if (!string.IsNullOrEmpty(listOptions.Continue))
            {
                (snapshot, after) = DecodeContinue(listOptions.Continue);
                if (snapshot < oldestResumableVersion || snapshot > resourceVersion)
                {
                    throw StoreException.Gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
                }
            }

            var items = new List<JsonObject>();
            string? lastKey = null;
            var more = false;
            // Without selectors nothing is read from an object but its namespace.
            var everything = ReferenceEquals(labels, LabelSelector.Everything) && ReferenceEquals(fields, FieldSelector.Everything);
            var view = Candidates(type, snapshot, ns, labels, fields, after);
            foreach (var (key, obj) in view.Objects)
            {
                if (!InScope(type, obj, ns) || (!everything && (!labels.Matches(ObjectMeta.Labels(obj)) || !fields.Matches(obj))))
                {
                    continue;
                }

                if (listOptions.Limit > 0 && items.Count >= listOptions.Limit)
                {
                    // One more match is enough to know that there is a next page.
                    more = true;
                    break;
                }

                items.Add(Clone(obj));
                lastKey = key;
            }

            var token = more && lastKey is not null ? EncodeContinue(snapshot, lastKey) : null;
            // As the API server: the remaining count only for a list without selectors (etcd counts keys, not matches).
            long? remaining = token is not null && everything ? view.CountAfter(lastKey!) : null;
            return new ListResult(items, snapshot, token, remaining);
        }
    }

    // Unpadded URL-safe base64, as the API server's continue tokens are; decoding also takes the padded standard form.
    private static string EncodeContinue(long rv, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["rv"] = rv, ["start"] = lastKey }.ToJsonString()))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (long Rv, string After) DecodeContinue(string token)
    {
        try
        {
            var standard = token.Replace('-', '+').Replace('_', '/');
            standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
            var node = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(standard)));
            return (node!["rv"]!.GetValue<long>(), node["start"]!.GetValue<string>());
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or NullReferenceException or InvalidOperationException or ArgumentException)
        {
            throw StoreException.BadRequest("invalid continue token");
        }
    }

    /// <summary>
    /// The objects of a kind that the namespace and selectors can match (a superset from the
    /// smallest index, or the whole kind), in key order after <paramref name="after"/>, as they
    /// were at <paramref name="rv"/>: later pages of a paged list show the first page's snapshot,
    /// as with etcd. The state at an older rv is the current one with each key changed since
    /// then replaced by its state before its first later event (stored objects are never
    /// mutated, so the previous states in the history are exact). The caller still filters.
    /// </summary>
    private CandidateView Candidates(ResourceType type, long rv, string? ns, LabelSelector labels, FieldSelector fields, string? after)
    {
        tables.TryGetValue(type, out var table);
        var index = indexes.GetValueOrDefault(type);
        var keys = index?.Candidates(ns, labels, fields) ?? index?.All ?? EmptyKeys;
        Dictionary<string, JsonObject?>? past = null;
        if (rv < resourceVersion)
        {
            foreach (var e in history.After(rv))
            {
                if (e.Public.Resource == type)
                {
                    // The first event after rv holds the state at rv (null: created since).
                    past ??= new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
                    past.TryAdd($"{(type.Namespaced ? ObjectMeta.Namespace(e.Public.Object) : "")}/{ObjectMeta.Name(e.Public.Object)}", e.Previous);
                }
            }
        }

        return new CandidateView(type, ns, table, keys, past, after);
    }

    private static readonly SortedSet<string> EmptyKeys = new(StringComparer.Ordinal);

    /// <summary>
    /// The candidates of one list read: the current ordered keys merged with the keys changed since
    /// the snapshot (their past state wins), without copying the key set.
    /// </summary>
    private sealed class CandidateView(ResourceType type, string? ns, SortedDictionary<string, JsonObject>? table, SortedSet<string> keys, Dictionary<string, JsonObject?>? past, string? after)
    {
        /// <summary>The candidates after the continue point, in key order, as they were at the snapshot.</summary>
        public IEnumerable<(string Key, JsonObject Obj)> Objects
        {
            get
            {
                foreach (var key in Merged())
                {
                    JsonObject? obj = null;
                    if (past is null || !past.TryGetValue(key, out obj))
                    {
                        obj = table?.GetValueOrDefault(key);
                    }

                    if (obj is not null)
                    {
                        yield return (key, obj);
                    }
                }
            }
        }

        /// <summary>
        /// How many objects in scope follow <paramref name="lastKey"/> at the snapshot, for a list
        /// without selectors (whose candidates are exactly the objects in scope): the current keys
        /// after it (a count of the ordered set's range, no object read), corrected by each key
        /// changed since the snapshot.
        /// </summary>
        public long CountAfter(string lastKey)
        {
            long count = keys.Count == 0 || string.CompareOrdinal(lastKey, keys.Max) >= 0
                ? 0
                : keys.GetViewBetween(lastKey, keys.Max!).Count - (keys.Contains(lastKey) ? 1 : 0);
            foreach (var (key, before) in past ?? [])
            {
                if (string.CompareOrdinal(key, lastKey) <= 0 || !InNamespace(key))
                {
                    continue;
                }

                count += (before is not null ? 1 : 0) - (keys.Contains(key) ? 1 : 0);
            }

            return count;
        }

        private bool InNamespace(string key) =>
            !type.Namespaced || string.IsNullOrEmpty(ns) || (key.Length > ns.Length && key[ns.Length] == '/' && key.StartsWith(ns, StringComparison.Ordinal));

        /// <summary>The current keys after the continue point, merged in order with the changed keys that are not among them.</summary>
        private IEnumerable<string> Merged()
        {
            var current = KindIndex.After(keys, after);
            if (past is null)
            {
                return current;
            }

            var extra = past.Keys
                .Where(k => (after is null || string.CompareOrdinal(k, after) > 0) && !keys.Contains(k))
                .Order(StringComparer.Ordinal)
                .ToList();
            return extra.Count == 0 ? current : Merge(current, extra);
        }

        private static IEnumerable<string> Merge(IEnumerable<string> a, List<string> b)
        {
            var i = 0;
            foreach (var key in a)
            {
                while (i < b.Count && string.CompareOrdinal(b[i], key) < 0)
                {
                    yield return b[i++];
                }

                yield return key;
            }

            while (i < b.Count)
            {
                yield return b[i++];
            }
        }
    }
}
