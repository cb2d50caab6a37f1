using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using JobSet.Benchmarks.Planning;

namespace JobSet.Benchmarks.Cluster;

/// <summary>
/// Suite 9, upstream's reference scenario simulated: 15,000 simulated nodes and a running JobSet
/// of 15,000 single-pod Jobs (or 3,750 Jobs of 4 pods); one pod fails under RestartJobSet; the
/// time until every pod of the new attempt is Running (upstream: 290 pods/s at 15,000 nodes).
/// Each iteration builds a fresh cluster (not timed), times the recovery, then measures API read
/// latency at that size and writes the timeline to <c>recovery-*.json</c> next to BenchmarkDotNet's export.
/// </summary>
public class FailureRecoveryAtScaleBenchmarks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(20);
    private RecoveryScenario? scenario;
    private IReadOnlyList<double> timeline = [];
    private int iteration;

    /// <summary>The shape: <c>JOBSxPODS</c>.</summary>
    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "8x1";

    /// <summary>Overrides the shapes (comma separated, e.g. <c>15000x1</c>).</summary>
    public const string ShapesVariable = "JOBSET_BENCH_RECOVERY_SHAPES";

    /// <summary>15,000 pods as 15,000 x 1 and 3,750 x 4 (a tenth of that with <c>--quick</c>), or <see cref="ShapesVariable"/>.</summary>
    public static IEnumerable<string> Shapes =>
        Environment.GetEnvironmentVariable(ShapesVariable) is { Length: > 0 } shapes ? shapes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        : Environment.GetEnvironmentVariable(Scenario.QuickVariable) == "1" ? ["1500x1", "375x4"] : ["15000x1", "3750x4"];

    /// <summary>Jobs of the shape.</summary>
    public int Jobs => int.Parse(Shape.Split('x')[0], CultureInfo.InvariantCulture);

    /// <summary>Pods per Job of the shape.</summary>
    public int PodsPerJob => int.Parse(Shape.Split('x')[1], CultureInfo.InvariantCulture);

    /// <summary>The last recovery's timeline: seconds from the failure to each new pod's Running.</summary>
    public IReadOnlyList<double> Timeline => timeline;

    /// <summary>Builds the cluster and runs the JobSet (not timed).</summary>
    [IterationSetup]
    public void Start() => scenario = RecoveryScenario.StartAsync(Jobs, PodsPerJob, Timeout).GetAwaiter().GetResult();

    /// <summary>One pod fails; returns when every pod of the next attempt is Running.</summary>
    [Benchmark]
    public async Task<int> RecoverAfterOnePodFails()
    {
        timeline = await scenario!.FailOnePodAndRecoverAsync(Timeout).ConfigureAwait(false);
        return timeline.Count;
    }

    /// <summary>Measures API latency at this size, writes the results file and stops the cluster.</summary>
    [IterationCleanup]
    public void Stop() => StopAsync(ClusterResults.Directory).GetAwaiter().GetResult();

    /// <summary>What <see cref="Stop"/> does; returns the result written (the smoke test reads it).</summary>
    public async Task<RecoveryResult> StopAsync(string? directory, int samples = 200, int fullSamples = 3)
    {
        var s = scenario!;
        scenario = null;
        try
        {
            var latency = await ApiLatency.OfPodsAsync(s.Client, s.Pods, s.Jobs, samples, fullSamples).ConfigureAwait(false);
            var milestones = s.Milestones.Select(m => new Milestone(m.Key, m.Value.First, m.Value.Last, m.Value.Count)).OrderBy(m => m.FirstSecond).ToList();
            var result = new RecoveryResult(s.Jobs, s.PodsPerJob, s.StoredObjects, timeline.Count == 0 ? 0 : timeline[^1], [.. timeline], latency, milestones);
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
                var file = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"recovery-{Shape}-{DateTime.UtcNow:yyyyMMddHHmmss}-{iteration++}.json"));
                await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, ClusterResults.Json)).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            await s.DisposeAsync().ConfigureAwait(false);
        }
    }
}
