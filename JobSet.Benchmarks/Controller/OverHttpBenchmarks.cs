using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using k8s;
using k8s.Models;

namespace JobSet.Benchmarks.Controller;

/// <summary>
/// Suite 6, the controller end to end over the embedded cluster's HTTP API (loopback, Kestrel)
/// with KubernetesClient: a JobSet of N single-pod Jobs applied until every Job exists.
/// Baseline: the same N Job creates sent straight through KubernetesClient, 50 at once. Goal:
/// ratio &lt;= 1.2. Also counts the controller's requests (watches excepted) from the apply until
/// it has been idle for a second, against the minimum (N Job creates, 1 Service, 1 status
/// write): goal &lt;= 1.05.
/// </summary>
[ControllerJob]
public class OverHttpBenchmarks
{
    /// <summary>The suite's name in the figures.</summary>
    public const string Suite = "6 over HTTP";

    private const string Name = "web";
    private ControllerRig rig = null!;
    private k8s.Kubernetes? client;
    private List<V1Job> jobs = [];

    /// <summary>Child Jobs of the JobSet.</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes => ControllerSizes.OverHttp;

    /// <summary>The requests of the last controller run (by verb and resource).</summary>
    public IReadOnlyDictionary<string, int> LastRequests { get; private set; } = new Dictionary<string, int>();

    /// <summary>A fresh cluster, the JobSet (no controller), the Job bodies and a client.</summary>
    [IterationSetup(Target = nameof(ClientCreates))]
    public void SetupBaseline()
    {
        rig = ControllerRig.StartAsync().GetAwaiter().GetResult();
        rig.CreateJobSet(Name, N);
        jobs = rig.PlannedJobs(Name, 0);
        client = rig.NewClient();
    }

    /// <summary>A fresh cluster and a synced controller talking HTTP to it.</summary>
    [IterationSetup(Target = nameof(Controller))]
    public void SetupController()
    {
        rig = ControllerRig.StartAsync().GetAwaiter().GetResult();
        rig.StartControllerAsync(inProcess: false).GetAwaiter().GetResult();
        rig.Requests.Reset();
    }

    /// <summary>After the controller's run: waits for it to be idle for a second and records its requests against the minimum.</summary>
    [IterationCleanup(Target = nameof(Controller))]
    public void CleanupController()
    {
        ControllerRig.WaitAsync(() => rig.Requests.IdleMilliseconds > 1000, () => "the controller kept sending requests", TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        LastRequests = rig.Requests.Snapshot();
        var minimum = N + 1 + 1;
        ControllerFigures.Record(Suite, "requests / minimum (N Job creates + 1 Service + 1 status write)", N, (double)rig.Requests.Total / minimum, "ratio");
        Cleanup();
    }

    /// <summary>Stops the client, the controller and the cluster.</summary>
    [IterationCleanup(Target = nameof(ClientCreates))]
    public void Cleanup()
    {
        client?.Dispose();
        client = null;
        rig.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The least work: the N creates through KubernetesClient over HTTP, 50 at once.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> ClientCreates()
    {
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (job, ct) =>
            await client!.BatchV1.CreateNamespacedJobAsync(job, ControllerRig.Namespace, cancellationToken: ct).ConfigureAwait(false)).ConfigureAwait(false);
        return rig.Jobs(0);
    }

    /// <summary>The controller: apply the JobSet (one create through the API), wait for its N Jobs.</summary>
    [Benchmark]
    public async Task<int> Controller()
    {
        using var apply = rig.NewClient();
        await apply.CustomObjects.CreateNamespacedCustomObjectAsync(ControllerRig.JobSetBody(Name, N), Core.Api.ApiGroup.Name, Core.Api.ApiGroup.Version, ControllerRig.Namespace, Core.Api.ApiGroup.JobSetPlural).ConfigureAwait(false);
        await rig.WaitForJobsAsync(0, N).ConfigureAwait(false);
        return rig.Jobs(0);
    }
}
