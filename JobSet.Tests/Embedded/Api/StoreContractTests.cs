using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Embedded.Api;

/// <summary>The in-process store contract the simulation and controller code against: clock, typed access, subscription order.</summary>
public sealed class StoreContractTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static InMemoryClusterStore NewStore(FakeTimeProvider time)
    {
        var store = new InMemoryClusterStore(new StoreOptions { Time = time, NameSeed = 7 });
        EmbeddedCluster.Seed(store);
        return store;
    }

    [Test]
    public void Timestamps_come_from_the_store_clock()
    {
        var time = new FakeTimeProvider(Start);
        var store = NewStore(time);
        time.Advance(TimeSpan.FromSeconds(90.7));

        var cm = store.Create(ResourceType.ConfigMaps, Node("c"));
        var deleting = Node("d");
        deleting["metadata"]!["finalizers"] = new JsonArray("x/y");
        store.Create(ResourceType.ConfigMaps, deleting);
        time.Advance(TimeSpan.FromMinutes(1));
        var marked = store.Delete(ResourceType.ConfigMaps, "default", "d")!;

        Assert.That(cm["metadata"]!["creationTimestamp"]!.GetValue<string>(), Is.EqualTo("2026-03-01T12:01:30Z"));
        Assert.That(marked["metadata"]!["deletionTimestamp"]!.GetValue<string>(), Is.EqualTo("2026-03-01T12:02:30Z"));
    }

    [Test]
    public void Subscribers_see_every_change_in_resource_version_order_and_may_write_back()
    {
        var store = NewStore(new FakeTimeProvider(Start));
        var seen = new List<(string Type, string Name, long Rv)>();
        using var sub = store.Subscribe(e =>
        {
            seen.Add((e.Type, ObjectMeta.Name(e.Object)!, e.ResourceVersion));
            if (e.Type == WatchEvent.Added && ObjectMeta.Name(e.Object) == "first")
            {
                store.Create(ResourceType.ConfigMaps, Node("reaction"));
            }
        });

        store.Create(ResourceType.ConfigMaps, Node("first"));
        var second = store.Create(ResourceType.ConfigMaps, Node("second"));
        second["data"] = new JsonObject { ["x"] = "1" };
        store.Update(ResourceType.ConfigMaps, second);
        store.Delete(ResourceType.ConfigMaps, "default", "first");

        Assert.That(seen.Select(s => $"{s.Type} {s.Name}"), Is.EqualTo(new[] { "ADDED first", "ADDED reaction", "ADDED second", "MODIFIED second", "DELETED first" }));
        Assert.That(seen.Select(s => s.Rv), Is.Ordered.Ascending);
    }

    [Test]
    public void Typed_access_round_trips_through_the_wire_format()
    {
        var store = NewStore(new FakeTimeProvider(Start));
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c" }] } };

        store.Create(ResourceType.Pods, pod);
        var read = store.Get<V1Pod>(ResourceType.Pods, "default", "p")!;
        read.Status.Phase = "Running";
        var written = store.UpdateStatus(ResourceType.Pods, read);

        Assert.That((written.Kind, written.Status.Phase, store.List<V1Pod>(ResourceType.Pods, "default").Count), Is.EqualTo(("Pod", "Running", 1)));
    }

    [Test]
    public void Generated_names_are_deterministic_with_a_seed()
    {
        string Generate()
        {
            var store = NewStore(new FakeTimeProvider(Start));
            var node = new JsonObject { ["metadata"] = new JsonObject { ["generateName"] = "g-", ["namespace"] = "default" } };
            return ObjectMeta.Name(store.Create(ResourceType.ConfigMaps, node))!;
        }

        var first = Generate();
        var second = Generate();

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Objects_handed_out_are_copies()
    {
        var store = NewStore(new FakeTimeProvider(Start));
        var created = store.Create(ResourceType.ConfigMaps, Node("copy"));
        created["data"] = new JsonObject { ["changed"] = "locally" };

        Assert.That(store.Get(ResourceType.ConfigMaps, "default", "copy")!["data"]!["k"]!.GetValue<string>(), Is.EqualTo("v"));
    }

    [Test]
    public void A_stale_update_through_the_store_throws_a_409_StoreException()
    {
        var store = NewStore(new FakeTimeProvider(Start));
        var created = store.Create(ResourceType.ConfigMaps, Node("stale"));
        store.Update(ResourceType.ConfigMaps, (JsonObject)created.DeepClone());
        var changed = (JsonObject)created.DeepClone();
        changed["data"] = new JsonObject();
        store.Update(ResourceType.ConfigMaps, changed);

        var ex = Assert.Throws<StoreException>(() => store.Update(ResourceType.ConfigMaps, created));

        Assert.That((ex!.Code, ex.Reason), Is.EqualTo((409, "Conflict")));
    }

    private static JsonObject Node(string name) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["data"] = new JsonObject { ["k"] = "v" },
    };
}
