using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded.Store;
using k8s;

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
    private List<k8s.Models.V1Job> typedFirst = [];
    private List<k8s.Models.V1Job> typedSecond = [];
    private InProcessTransport? transport;
    private k8s.Kubernetes? client;
    private EndToEndResult? last;

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

    /// <summary>For <c>--once</c> (diagnosis): the baseline's writes sent through KubernetesClient over the in-process transport, without a controller.</summary>
    [IterationSetup(Target = nameof(ThroughClient))]
    public void SetupThroughClient()
    {
        SetupBaseline();
        transport = InProcessTransport.StartAsync(rig.Cluster).GetAwaiter().GetResult();
        client = transport.Client(rig.Cluster);
        typedFirst = rig.PlannedJobs(Name, 0);
        typedSecond = rig.PlannedJobs(Name, 1);
    }

    /// <summary>For <c>--once</c> (diagnosis, not a benchmark): the baseline's writes through KubernetesClient in process, 50 at once.</summary>
    public async Task<EndToEndResult> ThroughClient()
    {
        var cpu = ProcessCpu();
        var started = Stopwatch.GetTimestamp();
        var uids = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism };
        await Parallel.ForEachAsync(typedFirst, options, async (job, ct) =>
        {
            var created = await client!.BatchV1.CreateNamespacedJobAsync(job, ControllerRig.Namespace, cancellationToken: ct).ConfigureAwait(false);
            uids[created.Metadata.Name] = created.Metadata.Uid;
        }).ConfigureAwait(false);
        var allCreated = Stopwatch.GetElapsedTime(started);
        await Parallel.ForEachAsync(typedFirst, options, async (job, ct) =>
            await client!.BatchV1.DeleteNamespacedJobAsync(job.Metadata.Name, ControllerRig.Namespace, new k8s.Models.V1DeleteOptions { PropagationPolicy = "Foreground", Preconditions = new k8s.Models.V1Preconditions { Uid = uids[job.Metadata.Name] } }, cancellationToken: ct).ConfigureAwait(false)).ConfigureAwait(false);
        await Parallel.ForEachAsync(typedSecond, options, async (job, ct) =>
            await client!.BatchV1.CreateNamespacedJobAsync(job, ControllerRig.Namespace, cancellationToken: ct).ConfigureAwait(false)).ConfigureAwait(false);
        var result = new EndToEndResult(allCreated, Stopwatch.GetElapsedTime(started) - allCreated, ProcessCpu() - cpu, rig.Jobs(0), rig.JobsDeleted, rig.Jobs(1));
        client!.Dispose();
        await transport!.DisposeAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>A fresh cluster and a synced controller.</summary>
    [IterationSetup(Target = nameof(Controller))]
    public void SetupController()
    {
        rig = ControllerRig.StartAsync().GetAwaiter().GetResult();
        rig.StartControllerAsync(inProcess: true).GetAwaiter().GetResult();
        rig.Requests.Reset();
    }

    /// <summary>The suite's name in the figures.</summary>
    public const string Suite = "5 end to end, in process";

    /// <summary>Records the phases of the iteration, stops the controller and the cluster.</summary>
    [IterationCleanup]
    public void Cleanup()
    {
        if (last is { } result)
        {
            var who = result.Requests.Length > 0 ? "controller" : "baseline";
            ControllerFigures.Record(Suite, $"{who}: to all Jobs created", N, result.Created.TotalSeconds, "s");
            ControllerFigures.Record(Suite, $"{who}: failure to all Jobs recreated", N, result.Recovered.TotalSeconds, "s");
            ControllerFigures.Record(Suite, $"{who}: CPU per Job write (whole process)", N, result.Cpu.TotalMilliseconds / (3.0 * N), "ms");
            last = null;
        }

        rig.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The least work: N creates, N deletes (Foreground, UID precondition), N creates, straight into the store, 50 at once.</summary>
    [Benchmark(Baseline = true)]
    public async Task<EndToEndResult> DirectToStore()
    {
        var cpu = ProcessCpu();
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
        last = new EndToEndResult(allCreated, Stopwatch.GetElapsedTime(started) - allCreated, ProcessCpu() - cpu, rig.Jobs(0), rig.JobsDeleted, rig.Jobs(1));
        return last;
    }

    /// <summary>The controller: apply the JobSet, wait for N Jobs; fail one, wait for the N Jobs of the next attempt.</summary>
    [Benchmark]
    public async Task<EndToEndResult> Controller()
    {
        var cpu = ProcessCpu();
        var started = Stopwatch.GetTimestamp();
        rig.CreateJobSet(Name, N);
        await rig.WaitForJobsAsync(0, N).ConfigureAwait(false);
        var allCreated = Stopwatch.GetElapsedTime(started);
        rig.FailJob($"{Name}-workers-0");
        await rig.WaitForJobsAsync(1, N).ConfigureAwait(false);
        var recovered = Stopwatch.GetElapsedTime(started) - allCreated;
        last = new EndToEndResult(allCreated, recovered, ProcessCpu() - cpu, rig.Jobs(0), rig.JobsDeleted, rig.Jobs(1))
        {
            Requests = string.Join(", ", rig.Requests.Snapshot().OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}")),
        };
        return last;
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
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
/// <param name="Cpu">The process's CPU time meanwhile (every thread: the store and API server too).</param>
/// <param name="FirstAttemptJobs">Jobs of attempt 0 left in the store.</param>
/// <param name="Deleted">Job deletions.</param>
/// <param name="SecondAttemptJobs">Jobs of attempt 1 in the store.</param>
public sealed record EndToEndResult(TimeSpan Created, TimeSpan Recovered, TimeSpan Cpu, int FirstAttemptJobs, int Deleted, int SecondAttemptJobs)
{
    /// <summary>The controller's requests by verb and resource (empty for the baseline).</summary>
    public string Requests { get; init; } = "";
}
