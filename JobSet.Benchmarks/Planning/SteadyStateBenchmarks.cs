using BenchmarkDotNet.Attributes;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Benchmarks.Planning;

/// <summary>
/// Suite 2, planner steady state: all N Jobs exist, active and ready, the status is up to
/// date; the reconcile has nothing to do. Baseline: one pass over the N Jobs reading their
/// replicatedjob-name and restart-attempt labels. Goal: ratio &lt;= 3, and no allocation that
/// grows with N (the allocated bytes stay flat from N = 150 to 15,000).
/// </summary>
[MemoryDiagnoser]
public class SteadyStateBenchmarks
{
    private V1alpha2JobSet running = null!;
    private ObservedState observed = null!;

    /// <summary>The JobSet shape.</summary>
    [ParamsAllValues]
    public Shape Shape { get; set; }

    /// <summary>Total child Jobs.</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes => Scenario.Sizes;

    /// <summary>Runs the JobSet until all its Jobs are ready and its status says so.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var jobSet = Scenario.JobSet(Shape, N);
        var services = Scenario.Services(jobSet);
        var jobs = Scenario.RunningJobs(jobSet);
        running = Scenario.Running(jobSet, jobs, services);
        observed = new ObservedState(jobs, services, []);
    }

    /// <summary>The least work: one pass over the Jobs' two labels.</summary>
    [Benchmark(Baseline = true)]
    public long ReadLabels() => HandBuiltJobs.ReadLabels(observed.Jobs);

    /// <summary>The steady-state reconcile: no action, no status write.</summary>
    [Benchmark]
    public ReconcilePlan PlanSteady() => Planner.Reconcile(running, observed, Scenario.Now, FeatureGates.Default);
}
