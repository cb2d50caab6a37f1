using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Embedded.Store;

/// <summary>
/// Paged lists of the store: every object of the first page's snapshot exactly once, in key
/// order, however the store changes between and during pages, and the remaining-item count
/// of the snapshot (only for lists without selectors, as the API server reports it).
/// </summary>
public sealed class PagedListTests
{
    [Test]
    public void Remaining_count_is_the_snapshots_after_deletes_and_creates_behind_the_page()
    {
        var store = NewStore();
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            store.Create(ResourceType.ConfigMaps, ConfigMap(name, "web"));
        }

        var first = store.List(ResourceType.ConfigMaps, "ns", new ListOptions(Limit: 1));
        store.Delete(ResourceType.ConfigMaps, "ns", "d");
        store.Create(ResourceType.ConfigMaps, ConfigMap("e", "web"));
        store.Create(ResourceType.ConfigMaps, ConfigMap("f", "web"));
        var second = store.List(ResourceType.ConfigMaps, "ns", new ListOptions(Limit: 1, Continue: first.Continue));
        var third = store.List(ResourceType.ConfigMaps, "ns", new ListOptions(Limit: 2, Continue: second.Continue));

        Assert.Multiple(() =>
        {
            Assert.That((first.RemainingItemCount, second.RemainingItemCount, third.RemainingItemCount), Is.EqualTo(((long?)3, (long?)2, (long?)null)));
            Assert.That(first.Items.Concat(second.Items).Concat(third.Items).Select(i => ObjectMeta.Name(i)), Is.EqualTo(new[] { "a", "b", "c", "d" }));
            Assert.That(third.Continue, Is.Null);
        });
    }

    [Test]
    public void A_selected_list_has_no_remaining_count_and_ends_with_the_last_match()
    {
        var store = NewStore();
        foreach (var (name, app) in new[] { ("a", "web"), ("b", "db"), ("c", "web"), ("d", "db"), ("e", "db") })
        {
            store.Create(ResourceType.ConfigMaps, ConfigMap(name, app));
        }

        var first = store.List(ResourceType.ConfigMaps, "ns", new ListOptions("app=web", Limit: 1));
        var second = store.List(ResourceType.ConfigMaps, "ns", new ListOptions("app=web", Limit: 1, Continue: first.Continue));

        Assert.Multiple(() =>
        {
            Assert.That((first.RemainingItemCount, second.RemainingItemCount), Is.EqualTo(((long?)null, (long?)null)));
            Assert.That(first.Continue, Is.Not.Null);
            Assert.That(second.Continue, Is.Null, "no page after the last match");
            Assert.That(first.Items.Concat(second.Items).Select(i => ObjectMeta.Name(i)), Is.EqualTo(new[] { "a", "c" }));
        });
    }

    [Test]
    public async Task Pages_return_every_object_once_while_writers_change_the_store()
    {
        var store = NewStore();
        var stable = Enumerable.Range(0, 1_000).Select(i => $"s-{i:D4}").ToList();
        foreach (var name in stable)
        {
            store.Create(ResourceType.ConfigMaps, ConfigMap(name, "web"));
        }

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            // Churn all around the pages: new and deleted objects before, among and after the stable ones, and updates of these.
            var random = new Random(7);
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var churn = $"{(char)('a' + random.Next(26))}-{i++}";
                store.Create(ResourceType.ConfigMaps, ConfigMap(churn, "db"));
                if (random.Next(2) == 0)
                {
                    store.Delete(ResourceType.ConfigMaps, "ns", churn);
                }

                var existing = store.Get(ResourceType.ConfigMaps, "ns", stable[random.Next(stable.Count)])!;
                existing["data"] = new JsonObject { ["k"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                store.Update(ResourceType.ConfigMaps, existing);
            }
        });

        try
        {
            var seen = new List<string>();
            string? token = null;
            var first = true;
            long? firstRemaining = null;
            while (first || token is not null)
            {
                var page = store.List(ResourceType.ConfigMaps, "ns", new ListOptions(Limit: 37, Continue: token));
                seen.AddRange(page.Items.Select(i => ObjectMeta.Name(i)!));
                firstRemaining ??= page.RemainingItemCount + page.Items.Count;
                token = page.Continue;
                first = false;
                await Task.Yield();
            }

            Assert.Multiple(() =>
            {
                Assert.That(seen, Is.Unique);
                Assert.That(seen, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
                Assert.That(seen.Where(n => n.StartsWith("s-", StringComparison.Ordinal)), Is.EqualTo(stable));
                Assert.That(seen, Has.Count.EqualTo(firstRemaining), "the first page's count of the snapshot");
            });
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }
    }

    private static InMemoryClusterStore NewStore()
    {
        var store = new InMemoryClusterStore(new StoreOptions { Time = new FakeTimeProvider(), NameSeed = 1, WatchHistorySize = 1_000_000 });
        store.Create(ResourceType.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "ns" } });
        return store;
    }

    private static JsonObject ConfigMap(string name, string app) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns", ["labels"] = new JsonObject { ["app"] = app } },
        ["data"] = new JsonObject { ["k"] = "v" },
    };
}
