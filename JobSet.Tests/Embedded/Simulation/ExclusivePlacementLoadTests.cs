using System.Globalization;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using JobSet.Kubernetes.Embedded.Admission;
using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Simulation;

/// <summary>
/// JobSet-like load on the simulation, on the fake clock: 50 Indexed Jobs of 4 pods with
/// exclusive-placement pod templates (as the planner builds them) on 8 node pools of 2 nodes. At
/// most 8 Jobs can run at once; the rest wait (leaders unschedulable, followers refused by the pod
/// webhook) and take a pool as soon as one frees up.
/// </summary>
public sealed class ExclusivePlacementLoadTests
{
    private const string Topology = SimulationOptions.NodePoolLabel;
    private const int Jobs = 50;
    private const int PodsPerJob = 4;
    private const int Pools = 8;

    [Test]
    public async Task Fifty_exclusive_jobs_on_eight_pools_all_complete_one_job_per_pool_at_a_time()
    {
        await using var h = new SimulationHarness(o =>
        {
            o.NodeCount = Pools * 2;
            o.NodePools = Pools;
            o.RecordEvents = false;
        });
        h.Store.Admission.Add(new PodPriorityAdmission());
        h.Store.Admission.Add(new ExclusivePlacementAdmission(h.Store));
        var names = Enumerable.Range(0, Jobs).Select(i => $"train-workers-{i}").ToList();
        for (var i = 0; i < Jobs; i++)
        {
            h.Create(ExclusiveJob("train", "workers", i));
        }

        h.Run();
        var poolOfNode = h.Nodes().ToDictionary(n => n.Metadata.Name, n => n.Metadata.Labels[Topology], StringComparer.Ordinal);
        Assert.That(poolOfNode.Values.Distinct().Count(), Is.EqualTo(Pools), "8 pools of 2 nodes");
        var violations = new List<string>();
        var maxRunningJobs = 0;
        void CheckExclusive()
        {
            // Untyped reads keep the per-second check cheap: 200 pods are looked at every simulated second.
            var jobsByPool = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var pod in h.Store.List(ResourceType.Pods, SimulationHarness.Namespace))
            {
                var phase = pod["status"]?["phase"]?.GetValue<string>();
                if (pod["spec"]?["nodeName"]?.GetValue<string>() is not { } node || phase is "Succeeded" or "Failed")
                {
                    continue;
                }

                var pool = poolOfNode[node];
                if (!jobsByPool.TryGetValue(pool, out var jobs))
                {
                    jobsByPool[pool] = jobs = new HashSet<string>(StringComparer.Ordinal);
                }

                jobs.Add(ObjectMeta.Labels(pod)["batch.kubernetes.io/job-name"]);
            }

            violations.AddRange(jobsByPool.Where(p => p.Value.Count > 1).Select(p => $"{h.Clock.GetUtcNow():HH:mm:ss} {p.Key}: {string.Join(",", p.Value.Order(StringComparer.Ordinal))}"));
            maxRunningJobs = Math.Max(maxRunningJobs, jobsByPool.Count);
        }

        bool AllComplete() => h.Store.List(ResourceType.Jobs, SimulationHarness.Namespace)
            .Count(j => (j["status"]?["conditions"] as System.Text.Json.Nodes.JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() == "Complete" && c["status"]?.GetValue<string>() == "True")) == Jobs;

        var start = h.Clock.GetUtcNow();
        var done = h.RunUntil(
            () =>
            {
                CheckExclusive();
                return AllComplete();
            },
            TimeSpan.FromHours(1));

        await TestContext.Out.WriteLineAsync($"simulated {h.Clock.GetUtcNow() - start}; peak {maxRunningJobs} Jobs running");
        var incomplete = names.Where(n => !SimulationHarness.HasCondition(h.Job(n), "Complete")).ToList();
        Assert.That(incomplete, Is.Empty, $"every Job completes (done: {done} after {h.Clock.GetUtcNow() - start} simulated)");
        Assert.That(violations, Is.Empty, "no node pool ever holds live pods of two Jobs");
        Assert.That(maxRunningJobs, Is.EqualTo(Pools), "all pools are used at the peak");
        var pods = h.Store.List<V1Pod>(ResourceType.Pods, SimulationHarness.Namespace);
        Assert.That(pods.Where(p => p.Status?.Phase != "Succeeded").Select(p => $"{p.Metadata.Name}: {p.Status?.Phase}"), Is.Empty, "nothing is left Pending or Running");
        Assert.That(pods.GroupBy(p => p.Metadata.Labels["batch.kubernetes.io/job-name"]).Select(g => g.Count()), Is.All.EqualTo(PodsPerJob), "no Job needed more than one pod per index");
        foreach (var name in names)
        {
            var jobPods = h.PodsOf(name);
            Assert.That(jobPods.Select(p => poolOfNode[p.Spec.NodeName]).Distinct().Count(), Is.EqualTo(1), $"{name} ran in one pool");
        }
    }

    /// <summary>A Job as the planner builds it for exclusive placement (labels and annotations on its pod template).</summary>
    private static V1Job ExclusiveJob(string jobSet, string replicatedJob, int index)
    {
        var name = $"{jobSet}-{replicatedJob}-{index}";
        var job = SimulationHarness.NewJob(name, parallelism: PodsPerJob, completions: PodsPerJob);
        var meta = job.Spec.Template.Metadata;
        var keys = new Dictionary<string, string>
        {
            [WellKnownKeys.JobSetName] = jobSet,
            [WellKnownKeys.ReplicatedJobName] = replicatedJob,
            [WellKnownKeys.JobIndex] = index.ToString(CultureInfo.InvariantCulture),
            [WellKnownKeys.JobKey] = Naming.JobKey(SimulationHarness.Namespace, name),
        };
        foreach (var (key, value) in keys)
        {
            meta.Labels[key] = value;
        }

        meta.Annotations = new Dictionary<string, string>(keys) { [WellKnownKeys.ExclusiveTopology] = Topology };
        return job;
    }
}
