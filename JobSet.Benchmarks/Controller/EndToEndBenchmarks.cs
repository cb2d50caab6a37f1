using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded.Store;

namespace JobSet.Benchmarks.Controller;

/// <summary>
/// Suite 5, the controller end to end on the in-memory store without sockets
/// (<see cref="InProcessTransport"/>): a JobSet of N single-pod Jobs applied until every Job
/// exists, then one Job failed (failure policy: Recreate) until all N Jobs of the next attempt
/// exist. Baseline: the same N creates, N deletes and N creates sent directly to the same store,
/// 50 at once as the controller sends them. Goal: ratio &lt;= 1.25.
/// </summary>
[ControllerJob]
public class EndToEndBenchmarks
{
    private const string Name = "big";
    private const int Parallelism = 50;
    private ControllerRig rig = null!;
    private List<JsonObject> firstAttempt = [];
    private List<JsonObject> secondAttempt = [];

    /// <summary>Child Jobs of the JobSet.</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes => ControllerSizes.EndToEnd;

    /// <summary>A fresh cluster; for the baseline the JobSet and the request bodies, for the controller a synced controller.</summary>
    [IterationSetup(Target = nameof(DirectToStore))]
    public void SetupBaseline()
    {
        rig = ControllerRig.StartAsync().GetAwaiter().GetResult();
        rig.CreateJobSet(Name, N);
        firstAttempt = [.. rig.PlannedJobs(Name, 0).Select(j => (JsonObject)KubeSerializer.ToNode(j))];
        secondAttempt = [.. rig.PlannedJobs(Name, 1).Select(j => (JsonObject)KubeSerializer.ToNode(j))];
    }

    /// <summary>A fresh cluster and a synced controller.</summary>
    [IterationSetup(Target = nameof(Controller))]
    public void SetupController()
    {
        rig = ControllerRig.StartAsync().GetAwaiter().GetResult();
        rig.StartControllerAsync(inProcess: true).GetAwaiter().GetResult();
    }

    /// <summary>Stops the controller and the cluster.</summary>
    [IterationCleanup]
    public void Cleanup() => rig.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The least work: N creates, N deletes (Foreground, UID precondition), N creates, straight into the store, 50 at once.</summary>
    [Benchmark(Baseline = true)]
    public async Task<EndToEndResult> DirectToStore()
    {
        var started = Stopwatch.GetTimestamp();
        var created = await ForEachAsync(firstAttempt, job => rig.Store.Create(ResourceType.Jobs, job)).ConfigureAwait(false);
        var uids = new ConcurrentDictionary<string, string>(created.Select(j => KeyValuePair.Create(ObjectMeta.Name(j)!, ObjectMeta.Uid(j)!)));
        var allCreated = Stopwatch.GetElapsedTime(started);
        await ForEachAsync(firstAttempt, job =>
        {
            var name = ObjectMeta.Name(job)!;
            return rig.Store.Delete(ResourceType.Jobs, ControllerRig.Namespace, name, new DeleteOptions("Foreground", PreconditionUid: uids[name]));
        }).ConfigureAwait(false);
        await ForEachAsync(secondAttempt, job => rig.Store.Create(ResourceType.Jobs, job)).ConfigureAwait(false);
        return new EndToEndResult(allCreated, Stopwatch.GetElapsedTime(started) - allCreated, rig.Jobs(0), rig.JobsDeleted, rig.Jobs(1));
    }

    /// <summary>The controller: apply the JobSet, wait for N Jobs; fail one, wait for the N Jobs of the next attempt.</summary>
    [Benchmark]
    public async Task<EndToEndResult> Controller()
    {
        var started = Stopwatch.GetTimestamp();
        rig.CreateJobSet(Name, N);
        await rig.WaitForJobsAsync(0, N).ConfigureAwait(false);
        var allCreated = Stopwatch.GetElapsedTime(started);
        rig.FailJob($"{Name}-workers-0");
        await rig.WaitForJobsAsync(1, N).ConfigureAwait(false);
        var recovered = Stopwatch.GetElapsedTime(started) - allCreated;
        return new EndToEndResult(allCreated, recovered, rig.Jobs(0), rig.JobsDeleted, rig.Jobs(1));
    }

    private static async Task<List<JsonObject>> ForEachAsync(List<JsonObject> items, Func<JsonObject, JsonObject?> write)
    {
        var results = new ConcurrentBag<JsonObject>();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, (item, _) =>
        {
            if (write(item) is { } result)
            {
                results.Add(result);
            }

            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        return [.. results];
    }
}

/// <summary>What one end-to-end run did.</summary>
/// <param name="Created">From the start to all N Jobs existing.</param>
/// <param name="Recovered">From then (the failure) to all N Jobs of the next attempt existing.</param>
/// <param name="FirstAttemptJobs">Jobs of attempt 0 left in the store.</param>
/// <param name="Deleted">Job deletions.</param>
/// <param name="SecondAttemptJobs">Jobs of attempt 1 in the store.</param>
public sealed record EndToEndResult(TimeSpan Created, TimeSpan Recovered, int FirstAttemptJobs, int Deleted, int SecondAttemptJobs);
