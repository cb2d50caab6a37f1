using System.Text.Json;

namespace JobSet.Benchmarks.Cluster;

/// <summary>One recovery of suite 9: its size, the seconds to all Running, each pod's time and the API latencies measured after.</summary>
/// <param name="Jobs">Child Jobs.</param>
/// <param name="PodsPerJob">Pods per Job.</param>
/// <param name="StoredObjects">Objects in the store after the recovery (every kind).</param>
/// <param name="Seconds">From the failure to the last pod of the new attempt Running.</param>
/// <param name="Timeline">Seconds from the failure to each new pod's Running, in order.</param>
/// <param name="Latency">API read latencies at this size.</param>
/// <param name="Milestones">Job and pod events during the recovery (<c>Job DELETED</c>, <c>Pod ADDED</c>, ...): first and last second and count.</param>
public sealed record RecoveryResult(int Jobs, int PodsPerJob, int StoredObjects, double Seconds, IReadOnlyList<double> Timeline, IReadOnlyList<ApiLatency> Latency, IReadOnlyList<Milestone> Milestones)
{
    /// <summary>Pods of the new attempt Running per second of recovery.</summary>
    public double PodsPerSecond => Seconds > 0 ? Jobs * PodsPerJob / Seconds : 0;
}

/// <summary>One kind of change during a recovery.</summary>
/// <param name="Change">Kind and event type, e.g. <c>Job DELETED</c>.</param>
/// <param name="FirstSecond">Seconds from the failure to the first such event.</param>
/// <param name="LastSecond">... to the last.</param>
/// <param name="Count">How many.</param>
public sealed record Milestone(string Change, double FirstSecond, double LastSecond, int Count);

/// <summary>Where the cluster suites write their own results (next to BenchmarkDotNet's JSON export), and how.</summary>
public static class ClusterResults
{
    /// <summary>BenchmarkDotNet's results directory, or <c>JOBSET_BENCH_RESULTS</c>.</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable("JOBSET_BENCH_RESULTS") is { Length: > 0 } dir ? dir : Path.Combine("BenchmarkDotNet.Artifacts", "results");

    /// <summary>The JSON settings of the result files.</summary>
    public static JsonSerializerOptions Json { get; } = new() { WriteIndented = false };
}
