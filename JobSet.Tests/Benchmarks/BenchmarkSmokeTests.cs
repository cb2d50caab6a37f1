using System.Reflection;
using BenchmarkDotNet.Attributes;
using JobSet.Benchmarks.Cluster;
using JobSet.Benchmarks.Planning;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Benchmarks;

/// <summary>
/// Runs every benchmark body once at a small N and checks what it returns, so that a benchmark
/// never measures a broken path (and its baseline really does the same work). No timing here.
/// </summary>
public class BenchmarkSmokeTests
{
    private const int N = 8;

    /// <summary>The benchmark methods these tests run; a new one must get a check here.</summary>
    private static readonly string[] Checked =
    [
        "FreshPlanBenchmarks.BuildJobsByHand",
        "FreshPlanBenchmarks.PlanFresh",
        "SteadyStateBenchmarks.ReadLabels",
        "SteadyStateBenchmarks.PlanSteady",
        "FailureRecoveryBenchmarks.BuildJobsByHand",
        "FailureRecoveryBenchmarks.CountRestart",
        "FailureRecoveryBenchmarks.DeletePrevious",
        "FailureRecoveryBenchmarks.Recreate",
        "EndToEndBenchmarks.DirectToStore",
        "EndToEndBenchmarks.Controller",
        "OverHttpBenchmarks.ClientCreates",
        "OverHttpBenchmarks.Controller",
        "ManyJobSetsBenchmarks.CreateManyJobSets",
        "CacheBenchmarks.StartAndSync",
        "FailureRecoveryAtScaleBenchmarks.RecoverAfterOnePodFails",
        "EmbeddedApiBenchmarks.StoreGet",
        "EmbeddedApiBenchmarks.ClientGet",
        "EmbeddedApiBenchmarks.StoreListSelected",
        "EmbeddedApiBenchmarks.ClientListSelected",
        "EmbeddedApiBenchmarks.StoreListAll",
        "EmbeddedApiBenchmarks.ClientListAll",
        "EmbeddedApiBenchmarks.StoreCreate",
        "EmbeddedApiBenchmarks.ClientCreate",
        "EmbeddedApiBenchmarks.StoreWatchLatency",
        "EmbeddedApiBenchmarks.ClientWatchLatency",
    ];

    [Test]
    public void Every_benchmark_method_has_a_smoke_check()
    {
        var methods = typeof(FreshPlanBenchmarks).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).Select(m => $"{t.Name}.{m.Name}"))
            .Order(StringComparer.Ordinal);
        Assert.That(methods, Is.EquivalentTo(Checked));
    }

    [TestCase(Shape.OneReplicatedJob)]
    [TestCase(Shape.Multislice)]
    public void Fresh_plan_creates_the_n_jobs_the_baseline_builds_by_hand(Shape shape)
    {
        var bench = new FreshPlanBenchmarks { Shape = shape, N = N };
        bench.Setup();

        var byHand = bench.BuildJobsByHand();
        var plan = bench.PlanFresh();

        var created = Creates(plan);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Outcome, Is.EqualTo(ReconcileOutcome.Planned), plan.Reason);
            Assert.That(created, Has.Count.EqualTo(N));
            Assert.That(byHand, Has.Count.EqualTo(N));
            Assert.That(plan.Actions.Count(a => a.Resource is V1Service), Is.EqualTo(1));
            Assert.That(plan.StatusChanged, Is.True);
        });
        SameJobs(byHand, created);
    }

    [TestCase(Shape.OneReplicatedJob)]
    [TestCase(Shape.Multislice)]
    public void Steady_state_plan_has_nothing_to_do(Shape shape)
    {
        var bench = new SteadyStateBenchmarks { Shape = shape, N = N };
        bench.Setup();

        var plan = bench.PlanSteady();

        var rjobNameLength = shape == Shape.OneReplicatedJob ? "workers".Length : "slice-a".Length;
        Assert.Multiple(() =>
        {
            Assert.That(bench.ReadLabels(), Is.EqualTo(N * rjobNameLength), "every Job's labels read, attempt 0");
            Assert.That(plan.Outcome, Is.EqualTo(ReconcileOutcome.Planned), plan.Reason);
            Assert.That(plan.Actions, Is.Empty);
            Assert.That(plan.StatusChanged, Is.False);
            Assert.That(plan.Status.ReplicatedJobsStatus!.Sum(s => s.Ready), Is.EqualTo(N), "the steady state is all ready");
        });
    }

    [Test]
    public void Failure_recovery_counts_the_restart_then_deletes_then_recreates(
        [Values] Shape shape,
        [Values(RestartStrategy.Recreate, RestartStrategy.BlockingRecreate)] string strategy)
    {
        var bench = new FailureRecoveryBenchmarks { Shape = shape, N = N, Strategy = strategy };
        bench.Setup();

        var count = bench.CountRestart();
        var delete = bench.DeletePrevious();
        var recreate = bench.Recreate();
        var byHand = bench.BuildJobsByHand();

        Assert.Multiple(() =>
        {
            Assert.That(count.Outcome, Is.EqualTo(ReconcileOutcome.Planned), count.Reason);
            Assert.That(count.Status.Restarts, Is.EqualTo(1));
            Assert.That(count.StatusChanged, Is.True);
            Assert.That(count.Actions, Is.Empty, "only the status is written");

            Assert.That(delete.Outcome, Is.EqualTo(ReconcileOutcome.Planned), delete.Reason);
            Assert.That(delete.Actions.Count(a => a.Type == PlanActionType.Delete && a.Resource is V1Job), Is.EqualTo(N));
            Assert.That(Creates(delete), Is.Empty, "the old Jobs still exist");

            Assert.That(recreate.Outcome, Is.EqualTo(ReconcileOutcome.Planned), recreate.Reason);
            Assert.That(Creates(recreate), Has.Count.EqualTo(N));
            Assert.That(Creates(recreate).Select(j => j.Metadata.Labels[WellKnownKeys.RestartAttempt]), Is.All.EqualTo("1"));
        });
        SameJobs(byHand, Creates(recreate));
    }

    [Test]
    public async Task Recovery_at_scale_brings_every_pod_of_the_new_attempt_to_running()
    {
        var bench = new FailureRecoveryAtScaleBenchmarks { Shape = "6x2" };
        bench.Start();
        int running;
        RecoveryResult result;
        try
        {
            running = await bench.RecoverAfterOnePodFails();
        }
        finally
        {
            result = await bench.StopAsync(directory: null, samples: 3, fullSamples: 1);
        }

        Assert.Multiple(() =>
        {
            Assert.That(running, Is.EqualTo(12), "pods of attempt 1 Running");
            Assert.That(result.Timeline, Has.Count.EqualTo(12));
            Assert.That(result.Timeline, Is.Ordered);
            Assert.That(result.Seconds, Is.EqualTo(result.Timeline[^1]).And.GreaterThan(0));
            Assert.That(result.PodsPerSecond, Is.EqualTo(12 / result.Seconds).Within(1e-9));
            Assert.That(result.Milestones.Single(m => m.Change == "Job DELETED").Count, Is.EqualTo(6), "every Job of attempt 0 deleted");
            Assert.That(result.Milestones.Single(m => m.Change == "Job ADDED").Count, Is.EqualTo(6), "and recreated");
            Assert.That(result.Latency.Select(l => l.Items), Is.EqualTo(new[] { 1, 2, 1, 12, 12 }), "get, one Job's pods, one node's pods, all pods, all nodes");
        });
    }

    [Test]
    public async Task Embedded_api_requests_return_what_the_store_holds()
    {
        var bench = new EmbeddedApiBenchmarks { Objects = 30 };
        await bench.SetupAsync();
        try
        {
            Assert.Multiple(async () =>
            {
                Assert.That(bench.StoreGet(), Is.EqualTo(1));
                Assert.That(await bench.ClientGet(), Is.EqualTo(1));
                Assert.That(bench.StoreListSelected(), Is.EqualTo(1));
                Assert.That(await bench.ClientListSelected(), Is.EqualTo(1));
                Assert.That(bench.StoreListAll(), Is.EqualTo(30));
                Assert.That(await bench.ClientListAll(), Is.EqualTo(30));
                Assert.That(bench.StoreCreate(), Is.EqualTo(1));
                Assert.That(await bench.ClientCreate(), Is.EqualTo(1));
                Assert.That(await bench.StoreWatchLatency(), Is.EqualTo(1));
                Assert.That(await bench.ClientWatchLatency(), Is.EqualTo(1));
                Assert.That(bench.StoreListAll(), Is.EqualTo(30), "the creates were deleted again");
            });
        }
        finally
        {
            await bench.CleanupAsync();
        }
    }

    private static List<V1Job> Creates(ReconcilePlan plan) =>
        [.. plan.Actions.Where(a => a.Type == PlanActionType.Create).Select(a => a.Resource).OfType<V1Job>()];

    /// <summary>The baseline does the planner's work: same names, labels, annotations, owner, pod metadata.</summary>
    private static void SameJobs(List<V1Job> byHand, List<V1Job> planned)
    {
        Assert.That(byHand.Select(j => j.Metadata.Name), Is.EquivalentTo(planned.Select(j => j.Metadata.Name)));
        var plannedByName = planned.ToDictionary(j => j.Metadata.Name);
        foreach (var hand in byHand)
        {
            var plan = plannedByName[hand.Metadata.Name];
            Assert.Multiple(() =>
            {
                Assert.That(hand.Metadata.Labels, Is.EquivalentTo(plan.Metadata.Labels), hand.Metadata.Name);
                Assert.That(hand.Metadata.Annotations, Is.EquivalentTo(plan.Metadata.Annotations), hand.Metadata.Name);
                Assert.That(hand.Spec.Template.Metadata.Labels, Is.EquivalentTo(plan.Spec.Template.Metadata.Labels), hand.Metadata.Name);
                Assert.That(hand.Spec.Template.Metadata.Annotations, Is.EquivalentTo(plan.Spec.Template.Metadata.Annotations), hand.Metadata.Name);
                Assert.That(hand.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(plan.Metadata.OwnerReferences.Single().Uid));
                Assert.That(hand.Spec.Template.Spec.Subdomain, Is.EqualTo(plan.Spec.Template.Spec.Subdomain));
                Assert.That(hand.Spec.Suspend, Is.EqualTo(plan.Spec.Suspend));
            });
        }
    }
}
