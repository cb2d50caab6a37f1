using BenchmarkDotNet.Attributes;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Benchmarks.Planning;

/// <summary>
/// Suite 1, planner fresh: the first reconcile of a JobSet of N Jobs, nothing observed, N
/// creates. Baseline: building the same N Jobs by hand. Goal: ratio &lt;= 1.3 in time and in
/// allocated bytes.
/// </summary>
[MemoryDiagnoser]
public class FreshPlanBenchmarks
{
    private V1alpha2JobSet jobSet = null!;

    /// <summary>The JobSet shape.</summary>
    [ParamsAllValues]
    public Shape Shape { get; set; }

    /// <summary>Total child Jobs.</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes => Scenario.Sizes;

    /// <summary>Builds the JobSet.</summary>
    [GlobalSetup]
    public void Setup() => jobSet = Scenario.JobSet(Shape, N);

    /// <summary>The least work: N Jobs built by hand.</summary>
    [Benchmark(Baseline = true)]
    public List<V1Job> BuildJobsByHand() => HandBuiltJobs.Build(jobSet);

    /// <summary>The first reconcile: N Job creates, the Service, the status write.</summary>
    [Benchmark]
    public ReconcilePlan PlanFresh() => Planner.Reconcile(jobSet, ObservedState.Empty, Scenario.Now, FeatureGates.Default);
}
