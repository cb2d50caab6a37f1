using System.Text.Json.Nodes;
using Bogus;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Embedded.Api;

/// <summary>
/// Invariants over random sequences of creates, updates, status writes, owner links, finalizer
/// removals and deletes: events come in strictly increasing resourceVersion order, replaying the
/// events gives exactly the store's contents, a watch resumed from any kept resourceVersion
/// replays exactly the later events, and no dependent outlives its owners.
/// </summary>
public sealed class StoreInvariantTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void Random_histories_keep_the_invariants(int seed)
    {
        var faker = new Faker { Random = new Randomizer(seed) };
        var store = new InMemoryClusterStore(new StoreOptions { Time = new FakeTimeProvider(), NameSeed = seed });
        EmbeddedCluster.Seed(store);
        var events = new List<WatchEvent>();
        using var sub = store.Subscribe(events.Add);
        var startRv = store.CurrentResourceVersion;
        List<string>? listedAtMidpoint = null;
        var pagedFromMidpoint = new List<string>();
        string? midpointToken = null;

        for (var step = 0; step < 400; step++)
        {
            if (step == 200)
            {
                listedAtMidpoint = [.. store.List(ResourceType.Pods, "default").Select(o => o.ToJsonString())];
                var page = store.List(ResourceType.Pods, "default", new ListOptions(Limit: 3));
                pagedFromMidpoint.AddRange(page.Items.Select(o => o.ToJsonString()));
                midpointToken = page.Continue;
            }

            var name = $"o{faker.Random.Int(0, 30)}";
            var existing = store.Get(ResourceType.Pods, "default", name);
            try
            {
                switch (faker.Random.Int(0, 5))
                {
                    case 0 when existing is null:
                        store.Create(ResourceType.Pods, Pod(name, faker, store));
                        break;
                    case 1 when existing is not null:
                        existing["metadata"]!["labels"] = new JsonObject { ["v"] = faker.Random.Int(0, 3).ToString(System.Globalization.CultureInfo.InvariantCulture) };
                        store.Update(ResourceType.Pods, existing);
                        break;
                    case 2 when existing is not null:
                        existing["status"] = new JsonObject { ["phase"] = faker.PickRandom("Running", "Succeeded", "Failed") };
                        store.UpdateStatus(ResourceType.Pods, existing);
                        break;
                    case 3 when existing is not null:
                        existing["metadata"]!.AsObject().Remove("finalizers");
                        store.Update(ResourceType.Pods, existing);
                        break;
                    case 4 or 5 when existing is not null:
                        store.Delete(ResourceType.Pods, "default", name, faker.PickRandom("Background", "Foreground", "Orphan"));
                        break;
                }
            }
            catch (StoreException ex) when (ex.Code == 409)
            {
                // A stale write lost a race with garbage collection: a legitimate refusal.
            }
        }

        Assert.That(events.Select(e => e.ResourceVersion), Is.Ordered.Ascending.And.Unique);

        while (midpointToken is not null)
        {
            var page = store.List(ResourceType.Pods, "default", new ListOptions(Limit: 3, Continue: midpointToken));
            pagedFromMidpoint.AddRange(page.Items.Select(o => o.ToJsonString()));
            midpointToken = page.Continue;
        }

        Assert.That(pagedFromMidpoint, Is.EqualTo(listedAtMidpoint), "pages read later show the first page's snapshot");

        var replayed = new Dictionary<string, JsonObject>();
        foreach (var e in events.Where(e => e.Resource == ResourceType.Pods))
        {
            if (e.Type == WatchEvent.Deleted)
            {
                replayed.Remove(ObjectMeta.Name(e.Object)!);
            }
            else
            {
                replayed[ObjectMeta.Name(e.Object)!] = e.Object;
            }
        }

        var live = store.List(ResourceType.Pods, "default");
        Assert.That(live.Select(o => o.ToJsonString()), Is.EquivalentTo(replayed.Values.Select(o => o.ToJsonString())));

        var uids = live.Select(ObjectMeta.Uid).ToHashSet();
        foreach (var pod in live.Where(p => !ObjectMeta.IsDeleting(p)))
        {
            Assert.That(ObjectMeta.OwnerUids(pod).Where(u => !uids.Contains(u)), Is.Empty, $"{ObjectMeta.Name(pod)} outlived its owners");
        }

        var from = faker.Random.Long(startRv, store.CurrentResourceVersion);
        using var watch = store.Watch(ResourceType.Pods, "default", new WatchOptions(from.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var resumed = new List<long>();
        while (watch.Events.TryRead(out var e))
        {
            resumed.Add(e.ResourceVersion);
        }

        Assert.That(resumed, Is.EqualTo(events.Where(e => e.Resource == ResourceType.Pods && e.ResourceVersion > from).Select(e => e.ResourceVersion)));
    }

    private static JsonObject Pod(string name, Faker faker, InMemoryClusterStore store)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = "default" };
        if (faker.Random.Bool(0.3f))
        {
            metadata["finalizers"] = new JsonArray("example.com/hold");
        }

        var owners = store.List(ResourceType.Pods, "default").Where(p => !ObjectMeta.IsDeleting(p)).ToList();
        if (owners.Count > 0 && faker.Random.Bool(0.5f))
        {
            var owner = faker.PickRandom(owners);
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["name"] = ObjectMeta.Name(owner),
                ["uid"] = ObjectMeta.Uid(owner),
            });
        }

        return new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "i" }) },
        };
    }
}
