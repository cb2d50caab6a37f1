using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using JobSet.Kubernetes.Embedded.Store;

namespace JobSet.Benchmarks.Controller;

/// <summary>
/// Suite 8, the controller's cache: a store holding a JobSet and its N Jobs; the controller
/// starts (in process) and lists them into its caches. The time is the start-up sync; the
/// figures are the cache's bytes per child Job (serialized, as <c>IJobSetControllerState.CacheBytes</c>
/// counts them: goal &lt;= 2 KB), the managed heap the controller keeps per Job (after a full
/// collection, with the store's objects already there before it started), and the process's
/// working set.
/// </summary>
[ControllerJob]
public class CacheBenchmarks
{
    /// <summary>The suite's name in the figures.</summary>
    public const string Suite = "8 cache";

    private const string Name = "big";
    private ControllerRig rig = null!;
    private long heapBefore;

    /// <summary>Child Jobs in the store.</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes => ControllerSizes.EndToEnd;

    /// <summary>The cache's serialized bytes per Job of the last run.</summary>
    public double LastBytesPerJob { get; private set; }

    /// <summary>A cluster holding the JobSet and its N Jobs (as the controller would have created them).</summary>
    [GlobalSetup]
    public void Setup()
    {
        rig = ControllerRig.StartAsync().GetAwaiter().GetResult();
        rig.CreateJobSet(Name, N);
        Parallel.ForEach(rig.PlannedJobs(Name, 0), new ParallelOptions { MaxDegreeOfParallelism = 2 }, job =>
            rig.Store.Create(ResourceType.Jobs, (System.Text.Json.Nodes.JsonObject)Core.Serialization.KubeSerializer.ToNode(job)));
    }

    /// <summary>The heap before the controller starts.</summary>
    [IterationSetup]
    public void SetupIteration() => heapBefore = Heap();

    /// <summary>Records the cache figures and stops the controller.</summary>
    [IterationCleanup]
    public void Cleanup()
    {
        var heapAfter = Heap();
        var state = rig.State!;
        LastBytesPerJob = (double)state.CacheBytes() / N;
        ControllerFigures.Record(Suite, "cache bytes per Job (serialized)", N, LastBytesPerJob, "B");
        ControllerFigures.Record(Suite, "controller heap per Job (after a full GC)", N, (double)(heapAfter - heapBefore) / N, "B");
        using (var process = Process.GetCurrentProcess())
        {
            ControllerFigures.Record(Suite, "process working set (store, API server and controller)", N, process.WorkingSet64 / 1048576.0, "MiB");
        }

        rig.StopControllerAsync().GetAwaiter().GetResult();
    }

    /// <summary>Stops the cluster.</summary>
    [GlobalCleanup]
    public void CleanupAll() => rig.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The controller starts and its caches sync (every Job listed).</summary>
    [Benchmark]
    public async Task<int> StartAndSync()
    {
        await rig.StartControllerAsync(inProcess: true).ConfigureAwait(false);
        return rig.State!.CachedJobs;
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
