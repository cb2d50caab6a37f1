using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Embedded.Store;

/// <summary>The store's pod binding: node and status in one write, once, as the binding subresource.</summary>
public sealed class PodBindingTests
{
    [Test]
    public void A_bind_sets_the_node_and_the_status_in_one_event_and_keeps_the_rest()
    {
        var store = NewStore(out var created);
        var events = new List<WatchEvent>();
        using var subscription = store.Subscribe(events.Add);
        var pod = (JsonObject)created.DeepClone();
        pod["spec"]!["nodeName"] = "n1";
        pod["status"] = new JsonObject { ["phase"] = "Pending", ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" }) };
        pod["metadata"]!["labels"] = new JsonObject { ["changed"] = "ignored" };

        var bound = store.Bind(pod);

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { WatchEvent.Modified }));
            Assert.That(bound["spec"]!["nodeName"]!.GetValue<string>(), Is.EqualTo("n1"));
            Assert.That(bound["status"]!["conditions"]![0]!["type"]!.GetValue<string>(), Is.EqualTo("PodScheduled"));
            Assert.That(ObjectMeta.Labels(bound), Is.EqualTo(new Dictionary<string, string> { ["app"] = "x" }), "only the node and the status are taken from the binding");
        });
    }

    [TestCase("bound", "already assigned to node")]
    [TestCase("stale", "the object has been modified")]
    [TestCase("deleting", "is being deleted")]
    public void A_bind_that_cannot_apply_is_a_conflict(string state, string message)
    {
        var store = NewStore(out var created);
        var pod = (JsonObject)created.DeepClone();
        pod["spec"]!["nodeName"] = "n1";
        if (state == "bound")
        {
            store.Bind((JsonObject)pod.DeepClone());
            pod["metadata"]!.AsObject().Remove("resourceVersion");
        }
        else if (state == "stale")
        {
            var changed = store.Get(ResourceType.Pods, "ns", "p")!;
            changed["metadata"]!["labels"] = new JsonObject { ["app"] = "y" };
            store.Update(ResourceType.Pods, changed);
        }
        else
        {
            var withFinalizer = store.Get(ResourceType.Pods, "ns", "p")!;
            withFinalizer["metadata"]!["finalizers"] = new JsonArray("keep");
            store.Update(ResourceType.Pods, withFinalizer);
            store.Delete(ResourceType.Pods, "ns", "p");
            pod["metadata"]!.AsObject().Remove("resourceVersion");
        }

        var ex = Assert.Throws<StoreException>(() => store.Bind(pod));

        Assert.That(ex!.Code, Is.EqualTo(409));
        Assert.That(ex.Message, Does.Contain(message));
    }

    private static InMemoryClusterStore NewStore(out JsonObject pod)
    {
        var store = new InMemoryClusterStore(new StoreOptions { Time = new FakeTimeProvider(), NameSeed = 1 });
        store.Create(ResourceType.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "ns" } });
        pod = store.Create(ResourceType.Pods, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "ns", ["labels"] = new JsonObject { ["app"] = "x" } },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "i" }) },
        });
        return store;
    }
}
