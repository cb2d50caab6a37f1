using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Simulation;

/// <summary>
/// A pod is scheduled and started as soon as it can be, as a real scheduler binds a pod when it
/// arrives or when capacity frees up and a kubelet starts a bound pod at once: not one pass per
/// step with every other queued key in between. The order of the store's changes shows it.
/// </summary>
public sealed class SchedulingLatencyTests
{
    private const string Hold = "example.com/hold";

    [Test]
    public async Task A_pod_waiting_for_a_node_held_by_a_terminating_pod_runs_in_the_pass_that_frees_the_node()
    {
        await using var h = new SimulationHarness(o => { o.NodeCount = 1; o.NodePools = 1; o.PodsPerNode = 1; o.StartupTime = TimeSpan.Zero; o.DefaultRunTime = TimeSpan.FromHours(1); o.MaxKeysPerPass = 1; });
        h.Create(Pod("old", finalizer: Hold));
        h.Run();
        h.Create(Pod("new"));
        h.Run();
        Assert.That(Scheduled(h.Pod("new")!), Is.EqualTo("False Unschedulable"), "the only node is taken");

        var (changes, subscription) = Record(h.Store);
        using var recording = subscription;
        h.Store.Delete(ResourceType.Pods, SimulationHarness.Namespace, "old"); // terminating: the finalizer keeps it, on its node, until the kubelet stops it
        h.Create(Pod("bystander", selector: "nowhere")); // queued behind the old pod's deletion
        h.Simulator.DrainPending();

        var oldStopped = changes.FindIndex(c => c == "old Failed");
        var newBound = changes.FindIndex(c => c == "new bound");
        var newRunning = changes.FindIndex(c => c == "new Running");
        var bystander = changes.FindIndex(c => c == "bystander Unschedulable");
        Assert.Multiple(() =>
        {
            Assert.That(oldStopped, Is.GreaterThanOrEqualTo(0), string.Join("; ", changes));
            Assert.That(newBound, Is.GreaterThan(oldStopped), "bound once the node is free");
            Assert.That(newRunning, Is.GreaterThan(newBound), "and started");
            Assert.That(newRunning, Is.LessThan(bystander), "in the pass that freed the node, before the next queued key: " + string.Join("; ", changes));
            Assert.That(h.Pod("new")!.Spec.NodeName, Is.EqualTo("sim-node-0"));
        });
    }

    [Test]
    public async Task The_first_pods_of_a_wave_run_while_the_rest_are_still_being_created()
    {
        await using var h = new SimulationHarness(o => { o.NodeCount = 12; o.NodePools = 1; o.StartupTime = TimeSpan.Zero; o.DefaultRunTime = TimeSpan.FromHours(1); o.MaxKeysPerPass = 4; });
        h.Run();
        var (changes, subscription) = Record(h.Store);
        using var recording = subscription;
        for (var i = 0; i < 12; i++)
        {
            h.Create(SimulationHarness.NewJob($"job-{i}"));
        }

        h.Simulator.DrainPending();
        var pods = Enumerable.Range(0, 12).Select(i => h.PodsOf($"job-{i}").Single().Metadata.Name).ToList();
        var created = pods.Select(p => changes.IndexOf($"{p} added")).ToList();
        var running = pods.Select(p => changes.IndexOf($"{p} Running")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(running, Is.All.GreaterThanOrEqualTo(0), "every pod runs");
            Assert.That(running.Min(), Is.LessThan(created.Max()), "a pod runs before the last one is created: " + string.Join("; ", changes));
            for (var i = 0; i < 12; i++)
            {
                // Within its own pass: at most the other pods of a 4-key pass are created before it runs.
                Assert.That(created.Count(c => c > created[i] && c < running[i]), Is.LessThanOrEqualTo(3), pods[i]);
            }
        });
    }

    [Test]
    public async Task A_bind_refused_for_one_pod_does_not_hold_back_the_others_of_the_pass()
    {
        await using var h = new SimulationHarness(o => { o.NodeCount = 4; o.NodePools = 1; o.StartupTime = TimeSpan.Zero; o.DefaultRunTime = TimeSpan.FromHours(1); });
        h.Run();

        // When the first pod is bound, another writer changes the second one: the scheduler's copy
        // of it is stale, so its bind is a conflict.
        var touched = false;
        using var hook = h.Store.Subscribe(e =>
        {
            if (!touched && e.Resource == ResourceType.Pods && ObjectMeta.Name(e.Object) == "a" && e.Object["spec"]?["nodeName"] is not null)
            {
                touched = true;
                var b = h.Pod("b")!;
                b.Metadata.Labels["touched"] = "yes";
                h.Store.Update(ResourceType.Pods, b);
            }
        });
        h.Create(Pod("a"));
        h.Create(Pod("b"));
        h.Create(Pod("c"));
        h.Simulator.DrainPending();

        Assert.Multiple(() =>
        {
            Assert.That(touched, Is.True, "the conflict was set up");
            foreach (var name in new[] { "a", "b", "c" })
            {
                Assert.That(h.Pod(name)!.Status.Phase, Is.EqualTo("Running"), name);
            }
        });
    }

    private static V1Pod Pod(string name, string? finalizer = null, string? selector = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = SimulationHarness.Namespace,
            Labels = new Dictionary<string, string> { ["app"] = name },
            Finalizers = finalizer is null ? null : [finalizer],
        },
        Spec = new V1PodSpec
        {
            RestartPolicy = "Never",
            Containers = [new V1Container { Name = "main", Image = "busybox" }],
            NodeSelector = selector is null ? null : new Dictionary<string, string> { ["pool"] = selector },
        },
    };

    private static string Scheduled(V1Pod pod) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled") is { } c ? $"{c.Status} {c.Reason}" : "none";

    /// <summary>Records, in store order, each pod's creation, bind, Unschedulable mark, Running and Failed.</summary>
    private static (List<string> Changes, IDisposable Subscription) Record(InMemoryClusterStore store)
    {
        var changes = new List<string>();
        var seen = new Dictionary<string, (bool Bound, string? Phase, string? Scheduled)>(StringComparer.Ordinal);
        var subscription = store.Subscribe(e =>
        {
            if (e.Resource != ResourceType.Pods || e.Type == WatchEvent.Deleted)
            {
                return;
            }

            var name = ObjectMeta.Name(e.Object) ?? "";
            var bound = e.Object["spec"]?["nodeName"] is not null;
            var phase = e.Object["status"]?["phase"]?.GetValue<string>();
            var scheduled = (e.Object["status"]?["conditions"] as System.Text.Json.Nodes.JsonArray)?
                .FirstOrDefault(c => c?["type"]?.GetValue<string>() == "PodScheduled")?["reason"]?.GetValue<string>();
            var was = seen.GetValueOrDefault(name);
            lock (changes)
            {
                if (e.Type == WatchEvent.Added)
                {
                    changes.Add($"{name} added");
                }

                if (bound && !was.Bound)
                {
                    changes.Add($"{name} bound");
                }

                if (scheduled == "Unschedulable" && was.Scheduled != "Unschedulable")
                {
                    changes.Add($"{name} Unschedulable");
                }

                if (phase is "Running" or "Failed" && phase != was.Phase)
                {
                    changes.Add($"{name} {phase}");
                }
            }

            seen[name] = (bound, phase, scheduled);
        });
        return (changes, subscription);
    }
}
