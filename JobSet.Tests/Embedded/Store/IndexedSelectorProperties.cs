using System.Text.Json.Nodes;
using CsCheck;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Embedded.Store;

/// <summary>
/// The store's secondary indexes (namespace, labels, indexed fields) never change an answer:
/// after random creates, label and field changes and deletes, every list, paged list (also at
/// an older snapshot) and watch with random selectors returns exactly what a brute-force filter
/// of every object of the kind returns.
/// </summary>
public sealed class IndexedSelectorProperties
{
    private static readonly string[] Namespaces = ["a", "b", "c"];
    private static readonly string[] LabelKeys = ["app", "tier", "jobset.sigs.k8s.io/jobset-name", "job-name"];
    private static readonly string[] Values = ["x", "y", "z"];
    private static readonly string[] Nodes = ["", "n1", "n2"];
    private static readonly string[] Phases = ["Pending", "Running", "Failed"];

    /// <summary>One write: kind 0 create/replace, 1 relabel, 2 bind to a node, 3 set the phase, 4 delete.</summary>
    private sealed record Op(int Kind, string Ns, int Name, Dictionary<string, string> Labels, string Node, string Phase);

    private static readonly Gen<Dictionary<string, string>> LabelsGen =
        Gen.Select(Gen.OneOf(LabelKeys), Gen.OneOf(Values)).Array[0, 3]
            .Select(pairs => pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.First().Item2, StringComparer.Ordinal));

    private static readonly Gen<Op> OpGen =
        Gen.Select(Gen.Int[0, 4], Gen.OneOf(Namespaces), Gen.Int[0, 7], LabelsGen, Gen.OneOf(Nodes), Gen.OneOf(Phases))
            .Select((kind, ns, name, labels, node, phase) => new Op(kind, ns, name, labels, node, phase));

    private static readonly Gen<string> RequirementGen = Gen.OneOf(
        Gen.Select(Gen.OneOf(LabelKeys), Gen.OneOf(Values)).Select((k, v) => $"{k}={v}"),
        Gen.Select(Gen.OneOf(LabelKeys), Gen.OneOf(Values)).Select((k, v) => $"{k}=={v}"),
        Gen.Select(Gen.OneOf(LabelKeys), Gen.OneOf(Values)).Select((k, v) => $"{k}!={v}"),
        Gen.Select(Gen.OneOf(LabelKeys), Gen.OneOf(Values).Array[1, 2]).Select((k, v) => $"{k} in ({string.Join(",", v)})"),
        Gen.Select(Gen.OneOf(LabelKeys), Gen.OneOf(Values).Array[1, 2]).Select((k, v) => $"{k} notin ({string.Join(",", v)})"),
        Gen.OneOf(LabelKeys),
        Gen.OneOf(LabelKeys).Select(k => "!" + k));

    private static readonly Gen<string> FieldTermGen = Gen.OneOf(
        Gen.OneOf(Nodes).Select(n => $"spec.nodeName={n}"),
        Gen.OneOf(Nodes).Select(n => $"spec.nodeName!={n}"),
        Gen.OneOf(Phases).Select(p => $"status.phase={p}"),
        Gen.OneOf(Phases).Select(p => $"status.phase!={p}"),
        Gen.Int[0, 7].Select(i => $"metadata.name=p{i}"),
        Gen.OneOf(Namespaces).Select(n => $"metadata.namespace={n}"));

    /// <summary>A query: namespace (null: all), label selector, field selector, page size.</summary>
    private sealed record Query(string? Ns, string? Labels, string? Fields, int Limit);

    private static readonly Gen<Query> QueryGen =
        Gen.Select(
                Gen.OneOf<string?>(null, "a", "b", "c"),
                RequirementGen.Array[0, 3].Select(r => r.Length == 0 ? null : string.Join(",", r)),
                FieldTermGen.Array[0, 2].Select(r => r.Length == 0 ? null : string.Join(",", r)),
                Gen.Int[0, 4])
            .Select((ns, labels, fields, limit) => new Query(ns, labels, fields, limit));

    [Test]
    public void Lists_and_watches_with_selectors_return_what_a_scan_returns()
    {
        Gen.Select(OpGen.Array[1, 60], QueryGen.Array[1, 8], OpGen.Array[0, 10]).Sample((ops, queries, between) =>
        {
            var store = NewStore();
            Apply(store, ops);
            foreach (var query in queries)
            {
                var expected = Scan(store, query);
                var listed = store.List(ResourceType.Pods, query.Ns, query.Labels, query.Fields).Select(Key).ToList();
                Assert.That(listed, Is.EqualTo(expected), $"list {query}");

                using var watch = store.Watch(ResourceType.Pods, query.Ns, new WatchOptions(null, query.Labels, query.Fields));
                var added = new List<string>();
                while (watch.Events.TryRead(out var e))
                {
                    added.Add(Key(e.Object));
                }

                Assert.That(added, Is.EqualTo(expected), $"watch {query}");
            }

            // Paged lists: the later pages show the first page's snapshot, though the store changes between every two pages;
            // every object comes exactly once, and a list without selectors counts exactly the snapshot's objects still to come.
            var paged = queries[0] with { Limit = Math.Max(1, queries[0].Limit) };
            var snapshot = Scan(store, paged);
            var fromVersion = store.CurrentResourceVersion;
            var pages = new List<string>();
            string? token = null;
            var first = true;
            var applied = 0;
            while (first || token is not null)
            {
                var page = store.List(ResourceType.Pods, paged.Ns, new ListOptions(paged.Labels, paged.Fields, paged.Limit, token));
                pages.AddRange(page.Items.Select(Key));
                token = page.Continue;
                long? expectedRemaining = token is not null && paged.Labels is null && paged.Fields is null ? snapshot.Count - pages.Count : null;
                Assert.That(page.RemainingItemCount, Is.EqualTo(expectedRemaining), $"remaining after {pages.Count} of {paged}");
                Apply(store, between.Skip(applied).Take(first ? 4 : 2));
                applied += first ? 4 : 2;
                first = false;
            }

            Apply(store, between.Skip(applied));
            Assert.That(pages, Is.EqualTo(snapshot), $"paged {paged}");

            // A watch that resumes from a resourceVersion sees exactly the changes of matching objects since.
            using var resumed = store.Watch(ResourceType.Pods, paged.Ns, new WatchOptions(fromVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), paged.Labels, paged.Fields));
            var state = snapshot.ToHashSet(StringComparer.Ordinal);
            while (resumed.Events.TryRead(out var e))
            {
                if (e.Type == WatchEvent.Deleted)
                {
                    Assert.That(state.Remove(Key(e.Object)), Is.True, $"DELETED of an object not in view: {Key(e.Object)}");
                }
                else
                {
                    Assert.That(state.Add(Key(e.Object)), Is.EqualTo(e.Type == WatchEvent.Added), $"{e.Type} {Key(e.Object)}");
                }
            }

            Assert.That(state.Order(StringComparer.Ordinal), Is.EqualTo(Scan(store, paged)), $"resumed watch {paged}");
        }, iter: 300, threads: 1, seed: "0N0XIzNsQ0O3");
    }

    private static InMemoryClusterStore NewStore()
    {
        var store = new InMemoryClusterStore(new StoreOptions { Time = new FakeTimeProvider(), NameSeed = 1 });
        foreach (var ns in Namespaces)
        {
            store.Create(ResourceType.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        return store;
    }

    private static void Apply(InMemoryClusterStore store, IEnumerable<Op> ops)
    {
        foreach (var op in ops)
        {
            var name = $"p{op.Name}";
            var existing = store.Get(ResourceType.Pods, op.Ns, name);
            if (op.Kind == 4 || existing is null && op.Kind != 0)
            {
                store.Delete(ResourceType.Pods, op.Ns, name);
                continue;
            }

            if (existing is null)
            {
                store.Create(ResourceType.Pods, Pod(op.Ns, name, op.Labels, op.Node));
                continue;
            }

            switch (op.Kind)
            {
                case 0:
                case 1:
                    existing["metadata"]!["labels"] = Labels(op.Labels);
                    store.Update(ResourceType.Pods, existing);
                    break;
                case 2:
                    existing["spec"]!["nodeName"] = op.Node;
                    store.Update(ResourceType.Pods, existing);
                    break;
                default:
                    existing["status"] = new JsonObject { ["phase"] = op.Phase };
                    store.UpdateStatus(ResourceType.Pods, existing);
                    break;
            }
        }
    }

    /// <summary>The brute-force answer: every pod of the kind, filtered one by one.</summary>
    private static List<string> Scan(InMemoryClusterStore store, Query query)
    {
        var labels = LabelSelector.Parse(query.Labels);
        var fields = FieldSelector.Parse(query.Fields);
        return [.. store.List(ResourceType.Pods, null)
            .Where(p => (query.Ns is null || ObjectMeta.Namespace(p) == query.Ns) && labels.Matches(ObjectMeta.Labels(p)) && fields.Matches(p))
            .Select(Key)];
    }

    private static JsonObject Pod(string ns, string name, Dictionary<string, string> labels, string node) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = Labels(labels) },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = node.Length == 0 ? null : node,
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "i" }),
        },
    };

    private static JsonObject Labels(Dictionary<string, string> labels) =>
        new(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value))));

    private static string Key(JsonObject obj) => $"{ObjectMeta.Namespace(obj)}/{ObjectMeta.Name(obj)}";
}
