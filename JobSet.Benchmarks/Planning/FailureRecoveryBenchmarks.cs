using BenchmarkDotNet.Attributes;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Benchmarks.Planning;

/// <summary>
/// Suite 3, planner failure recovery: one of N running Jobs failed under a failure policy
/// (RestartJobSet, maxRestarts 3). The three reconciles of a restart: the one that counts it
/// (status write), the one that deletes the N previous-attempt Jobs, and the one that
/// recreates them once they are gone. Baseline: suite 1's (N Jobs built by hand). Goal:
/// ratio &lt;= 1.5 for each.
/// </summary>
[MemoryDiagnoser]
public class FailureRecoveryBenchmarks
{
    private V1alpha2JobSet running = null!;
    private V1alpha2JobSet restarted = null!;
    private ObservedState failed = null!;
    private ObservedState gone = null!;

    /// <summary>The JobSet shape.</summary>
    [ParamsAllValues]
    public Shape Shape { get; set; }

    /// <summary>Total child Jobs.</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    /// <summary>The failure policy's restart strategy.</summary>
    [Params(RestartStrategy.Recreate, RestartStrategy.BlockingRecreate)]
    public string Strategy { get; set; } = RestartStrategy.Recreate;

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes => Scenario.Sizes;

    /// <summary>Runs the JobSet, fails the Job in the middle, and counts the restart once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var jobSet = Scenario.JobSet(Shape, N, Strategy);
        var services = Scenario.Services(jobSet);
        running = Scenario.Running(jobSet, Scenario.RunningJobs(jobSet), services);
        failed = new ObservedState(Scenario.RunningJobs(jobSet, failedIndex: N / 2), services, []);
        gone = new ObservedState([], services, []);
        restarted = CountRestart().JobSet;
    }

    /// <summary>Suite 1's baseline: the N Jobs of the new attempt built by hand.</summary>
    [Benchmark(Baseline = true)]
    public List<V1Job> BuildJobsByHand() => HandBuiltJobs.Build(restarted);

    /// <summary>The reconcile that sees the failed Job: restarts + 1, RestartingJobSet, one status write.</summary>
    [Benchmark]
    public ReconcilePlan CountRestart() => Planner.Reconcile(running, failed, Scenario.Now, FeatureGates.Default);

    /// <summary>The next reconcile: N deletes of the previous attempt's Jobs.</summary>
    [Benchmark]
    public ReconcilePlan DeletePrevious() => Planner.Reconcile(restarted, failed, Scenario.Now, FeatureGates.Default);

    /// <summary>Once the old Jobs are gone: N creates of the new attempt.</summary>
    [Benchmark]
    public ReconcilePlan Recreate() => Planner.Reconcile(restarted, gone, Scenario.Now, FeatureGates.Default);
}
