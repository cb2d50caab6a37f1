using JobSet.Core.Api;
using JobSet.Kubernetes.Embedded.Admission;
using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Simulation;

/// <summary>
/// The exclusive-placement pod webhook of JobSet.Core in the embedded cluster's request path,
/// driven by the simulated Job controller and scheduler: each Job lands in a node pool of its own.
/// </summary>
public sealed class ExclusivePlacementAdmissionTests
{
    private const string Topology = SimulationOptions.NodePoolLabel;

    [Test]
    public async Task Each_job_runs_alone_in_one_node_pool_and_followers_follow_their_leader()
    {
        await using var h = new SimulationHarness(o => o.NodeCount = 4);
        AddPodWebhooks(h);
        h.Create(JobSetJob("demo", "workers", 0));
        h.Create(JobSetJob("demo", "workers", 1));

        var done = h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo-workers-0"), "Complete")
                                    && SimulationHarness.HasCondition(h.Job("demo-workers-1"), "Complete"));

        Assert.That(done, Is.True, "both Jobs complete");
        var pools = new Dictionary<string, string>();
        foreach (var job in new[] { "demo-workers-0", "demo-workers-1" })
        {
            var pods = h.PodsOf(job);
            var nodePools = pods.Select(p => h.Nodes().Single(n => n.Metadata.Name == p.Spec.NodeName).Metadata.Labels[Topology]).Distinct().ToList();
            Assert.That(nodePools, Has.Count.EqualTo(1), $"{job} stays in one pool");
            pools[job] = nodePools[0];

            var leader = pods.Single(p => p.Metadata.Annotations[WellKnownKeys.JobCompletionIndex] == "0");
            Assert.That(leader.Spec.Affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, Has.Count.EqualTo(1), "the leader got the affinity");
            Assert.That(leader.Spec.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, Has.Count.EqualTo(1), "the leader got the anti-affinity");
            foreach (var follower in pods.Where(p => p != leader))
            {
                Assert.That(follower.Spec.NodeSelector?[Topology], Is.EqualTo(pools[job]), "a follower selects its leader's pool");
            }
        }

        Assert.That(pools["demo-workers-0"], Is.Not.EqualTo(pools["demo-workers-1"]), "the Jobs do not share a pool");
    }

    [Test]
    public async Task A_follower_is_refused_until_its_leader_is_scheduled()
    {
        await using var h = new SimulationHarness();
        AddPodWebhooks(h);
        var follower = PodOf(JobSetJob("demo", "workers", 0), completionIndex: 1);

        var ex = Assert.Throws<StoreException>(() => h.Create(follower))!;

        Assert.That(ex.Code, Is.EqualTo(403));
        Assert.That(ex.Message, Does.Contain("admission webhook \"vpod.kb.io\" denied the request"));
    }

    [Test]
    public async Task Pods_without_exclusive_placement_pass_untouched()
    {
        await using var h = new SimulationHarness();
        AddPodWebhooks(h);
        var pod = PodOf(SimulationHarness.NewJob("plain"), completionIndex: 1);

        var created = h.Create(pod);

        Assert.That(created.Spec.Affinity, Is.Null);
        Assert.That(created.Spec.NodeSelector, Is.Null);
    }

    /// <summary>The pod admission chain of the embedded cluster: built-in Priority, then the JobSet pod webhook.</summary>
    private static void AddPodWebhooks(SimulationHarness h)
    {
        h.Store.Admission.Add(new PodPriorityAdmission());
        h.Store.Admission.Add(new ExclusivePlacementAdmission(h.Store));
    }

    /// <summary>A Job as the planner builds it for exclusive placement (labels and annotations on its pod template).</summary>
    private static V1Job JobSetJob(string jobSet, string replicatedJob, int index)
    {
        var name = $"{jobSet}-{replicatedJob}-{index}";
        var job = SimulationHarness.NewJob(name, parallelism: 3, completions: 3);
        var meta = job.Spec.Template.Metadata;
        var keys = new Dictionary<string, string>
        {
            [WellKnownKeys.JobSetName] = jobSet,
            [WellKnownKeys.ReplicatedJobName] = replicatedJob,
            [WellKnownKeys.JobIndex] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [WellKnownKeys.JobKey] = "key-" + name,
        };
        foreach (var (key, value) in keys)
        {
            meta.Labels[key] = value;
        }

        meta.Annotations = new Dictionary<string, string>(keys) { [WellKnownKeys.ExclusiveTopology] = Topology };
        return job;
    }

    private static V1Pod PodOf(V1Job job, int completionIndex)
    {
        var index = completionIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var meta = job.Spec.Template.Metadata;
        return new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{job.Metadata.Name}-{index}-abcde",
                NamespaceProperty = SimulationHarness.Namespace,
                Labels = new Dictionary<string, string>(meta.Labels) { [WellKnownKeys.JobCompletionIndex] = index },
                Annotations = new Dictionary<string, string>(meta.Annotations ?? new Dictionary<string, string>()) { [WellKnownKeys.JobCompletionIndex] = index },
            },
            Spec = job.Spec.Template.Spec,
        };
    }
}
