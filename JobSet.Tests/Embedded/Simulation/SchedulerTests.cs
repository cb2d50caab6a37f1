using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Simulation;

public sealed class SchedulerTests
{
    private const string JobKey = "jobset.sigs.k8s.io/job-key";

    [Test]
    public async Task Nodes_are_created_at_start_with_pools_zones_and_capacity()
    {
        await using var h = new SimulationHarness(o => { o.NodeCount = 4; o.NodePools = 2; o.Zones = 2; });
        h.Run();
        var nodes = h.Nodes();
        Assert.Multiple(() =>
        {
            Assert.That(nodes.Select(n => n.Metadata.Name), Is.EqualTo(new[] { "sim-node-0", "sim-node-1", "sim-node-2", "sim-node-3" }));
            Assert.That(nodes.Select(n => n.Metadata.Labels[SimulationOptions.NodePoolLabel]), Is.EqualTo(new[] { "pool-0", "pool-0", "pool-1", "pool-1" }));
            Assert.That(nodes.Select(n => n.Metadata.Labels[SimulationOptions.ZoneLabel]), Is.EqualTo(new[] { "zone-a", "zone-a", "zone-b", "zone-b" }));
            Assert.That(nodes.Select(n => n.Status.Allocatable["pods"].ToString()), Is.All.EqualTo("110"));
            Assert.That(nodes.Select(n => n.Status.Conditions.Single(c => c.Type == "Ready").Status), Is.All.EqualTo("True"));
        });
    }

    [Test]
    public async Task NodeSelector_places_pods_only_on_matching_nodes()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", parallelism: 4, completions: 4, pod: p => p.NodeSelector = new Dictionary<string, string> { [SimulationOptions.NodePoolLabel] = "pool-1" }));
        h.Run();
        Assert.That(h.PodsOf("demo").Select(p => p.Spec.NodeName), Is.All.AnyOf("sim-node-2", "sim-node-3"));
        Assert.That(h.PodsOf("demo").Select(p => p.Spec.NodeName).Distinct().Count(), Is.EqualTo(2), "spread over the least loaded nodes");
    }

    [Test]
    public async Task Required_node_affinity_NotIn_keeps_pods_off_the_listed_nodes()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", parallelism: 3, completions: 3, pod: p => p.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "NotIn", Values = ["sim-node-0", "sim-node-1", "sim-node-2"] }] }],
                },
            },
        }));
        h.Run();
        Assert.That(h.PodsOf("demo").Select(p => p.Spec.NodeName), Is.All.EqualTo("sim-node-3"));
    }

    [Test]
    public async Task Untolerated_taints_leave_pods_unschedulable_and_tolerations_let_them_in()
    {
        await using var h = new SimulationHarness(o => o.NodeTaints.Add(new V1Taint { Key = "gpu", Value = "true", Effect = "NoSchedule" }));
        h.Create(SimulationHarness.NewJob("plain"));
        h.Create(SimulationHarness.NewJob("tolerant", pod: p => p.Tolerations = [new V1Toleration { Key = "gpu", OperatorProperty = "Equal", Value = "true", Effect = "NoSchedule" }]));
        h.Run();
        var plain = h.PodsOf("plain").Single();
        var scheduled = plain.Status.Conditions.Single(c => c.Type == "PodScheduled");
        Assert.Multiple(() =>
        {
            Assert.That(plain.Spec.NodeName, Is.Null);
            Assert.That(plain.Status.Phase, Is.EqualTo("Pending"));
            Assert.That(scheduled.Status, Is.EqualTo("False"));
            Assert.That(scheduled.Reason, Is.EqualTo("Unschedulable"));
            Assert.That(scheduled.Message, Is.EqualTo("0/4 nodes are available: 4 node(s) had untolerated taint {gpu: true}."));
            Assert.That(h.PodsOf("tolerant").Single().Spec.NodeName, Is.Not.Null);
        });
    }

    [Test]
    public async Task Capacity_is_honoured_and_freed_capacity_is_reused()
    {
        await using var h = new SimulationHarness(o => { o.NodeCount = 1; o.NodePools = 1; o.PodsPerNode = 2; });
        h.Create(SimulationHarness.NewJob("demo", parallelism: 3, completions: 3));
        h.Run();
        var pods = h.PodsOf("demo");
        Assert.Multiple(() =>
        {
            Assert.That(pods.Count(p => p.Spec.NodeName is not null), Is.EqualTo(2));
            Assert.That(pods.Single(p => p.Spec.NodeName is null).Status.Conditions.Single().Message, Is.EqualTo("0/1 nodes are available: 1 Too many pods."));
        });
        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo"), "Complete")), Is.True);
    }

    [Test]
    public async Task Scheduling_gates_block_binding_until_removed()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", pod: p => p.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/wait" }]));
        h.RunFor(TimeSpan.FromSeconds(3));
        var pod = h.PodsOf("demo").Single();
        Assert.Multiple(() =>
        {
            Assert.That(pod.Spec.NodeName, Is.Null);
            Assert.That(pod.Status.Conditions.Single(c => c.Type == "PodScheduled").Reason, Is.EqualTo("SchedulingGated"));
        });

        pod.Spec.SchedulingGates = null;
        h.Store.Update(ResourceType.Pods, pod);
        h.Run();
        Assert.That(h.PodsOf("demo").Single().Spec.NodeName, Is.Not.Null);
    }

    [Test]
    public async Task Exclusive_placement_puts_each_job_on_its_own_node_pool_and_a_third_job_waits()
    {
        await using var h = new SimulationHarness(o => { o.NodeCount = 4; o.NodePools = 2; });
        foreach (var name in new[] { "job-a", "job-b", "job-c" })
        {
            var job = SimulationHarness.NewJob(name, parallelism: 2, completions: 2, annotations: new Dictionary<string, string> { [SimulationAnnotations.RunSeconds] = "forever" }, pod: p => p.Affinity = ExclusiveAffinity(name));
            job.Spec.Template.Metadata.Labels[JobKey] = name;
            h.Create(job);
        }

        h.Run();
        var poolOf = h.Nodes().ToDictionary(n => n.Metadata.Name, n => n.Metadata.Labels[SimulationOptions.NodePoolLabel]);
        var poolsA = h.PodsOf("job-a").Select(p => poolOf[p.Spec.NodeName]).Distinct().ToList();
        var poolsB = h.PodsOf("job-b").Select(p => poolOf[p.Spec.NodeName]).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(poolsA, Has.Count.EqualTo(1), "job-a's pods share one pool");
            Assert.That(poolsB, Has.Count.EqualTo(1), "job-b's pods share one pool");
            Assert.That(poolsA[0], Is.Not.EqualTo(poolsB[0]), "the two jobs are on different pools");
            Assert.That(h.PodsOf("job-c").Select(p => p.Spec.NodeName), Is.All.Null);
            Assert.That(h.PodsOf("job-c").Select(p => p.Status.Conditions.Single(c => c.Type == "PodScheduled").Reason), Is.All.EqualTo("Unschedulable"));
        });

        // When job-a goes away its pool frees up and job-c takes it.
        h.Store.Delete(ResourceType.Jobs, SimulationHarness.Namespace, "job-a", "Background");
        h.Run();
        var poolsC = h.PodsOf("job-c").Select(p => p.Spec.NodeName is null ? null : poolOf[p.Spec.NodeName]).Distinct().ToList();
        Assert.That(poolsC, Is.EqualTo(new[] { poolsA[0] }));
    }

    [Test]
    public async Task Without_exclusive_placement_terms_a_job_spreads_over_pools()
    {
        await using var h = new SimulationHarness(o => { o.NodeCount = 4; o.NodePools = 2; });
        h.Create(SimulationHarness.NewJob("job-a", parallelism: 3, completions: 3));
        h.Create(SimulationHarness.NewJob("job-b", parallelism: 3, completions: 3));
        h.Run();
        var poolOf = h.Nodes().ToDictionary(n => n.Metadata.Name, n => n.Metadata.Labels[SimulationOptions.NodePoolLabel]);
        var poolsA = h.PodsOf("job-a").Select(p => poolOf[p.Spec.NodeName]).Distinct().Count();
        var sharedNodes = h.PodsOf("job-a").Select(p => p.Spec.NodeName).Intersect(h.PodsOf("job-b").Select(p => p.Spec.NodeName)).Count();
        Assert.Multiple(() =>
        {
            Assert.That(poolsA, Is.EqualTo(2), "nothing keeps a job in one pool");
            Assert.That(sharedNodes, Is.GreaterThan(0), "nothing keeps jobs apart");
        });
    }

    [Test]
    public async Task Removing_a_node_fails_its_pods_and_the_job_replaces_them_elsewhere()
    {
        await using var h = new SimulationHarness(o => { o.NodeCount = 2; o.NodePools = 1; });
        h.Create(SimulationHarness.NewJob("demo", parallelism: 2, completions: 2, annotations: new Dictionary<string, string> { [SimulationAnnotations.RunSeconds] = "20" }));
        h.RunFor(TimeSpan.FromSeconds(2));
        var victim = h.PodsOf("demo").First(p => p.Spec.NodeName == "sim-node-0");

        Assert.That(h.Simulator.RemoveNode("sim-node-0"), Is.True);
        h.Run();
        var job = h.Job("demo");
        Assert.Multiple(() =>
        {
            Assert.That(h.Nodes().Select(n => n.Metadata.Name), Is.EqualTo(new[] { "sim-node-1" }));
            Assert.That(h.Pod(victim.Metadata.Name), Is.Null, "pod GC deletes pods of a lost node");
            Assert.That(job.Status.Failed, Is.EqualTo(1));
            Assert.That(h.ActivePodsOf("demo").Select(p => p.Spec.NodeName), Is.EqualTo(new[] { "sim-node-1", "sim-node-1" }));
        });
        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo"), "Complete")), Is.True);
    }

    private static V1Affinity ExclusiveAffinity(string jobKey) => new()
    {
        PodAffinity = new V1PodAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution =
            [
                new V1PodAffinityTerm
                {
                    TopologyKey = SimulationOptions.NodePoolLabel,
                    NamespaceSelector = new V1LabelSelector(),
                    LabelSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = JobKey, OperatorProperty = "In", Values = [jobKey] }] },
                },
            ],
        },
        PodAntiAffinity = new V1PodAntiAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution =
            [
                new V1PodAffinityTerm
                {
                    TopologyKey = SimulationOptions.NodePoolLabel,
                    NamespaceSelector = new V1LabelSelector(),
                    LabelSelector = new V1LabelSelector
                    {
                        MatchExpressions =
                        [
                            new V1LabelSelectorRequirement { Key = JobKey, OperatorProperty = "Exists" },
                            new V1LabelSelectorRequirement { Key = JobKey, OperatorProperty = "NotIn", Values = [jobKey] },
                        ],
                    },
                },
            ],
        },
    };
}
