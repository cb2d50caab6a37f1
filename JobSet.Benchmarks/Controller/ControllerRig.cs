using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using JobSet.Benchmarks.Planning;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Store;
using JobSet.Kubernetes.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobSet.Benchmarks.Controller;

/// <summary>
/// One embedded cluster (no workload simulation: nothing but the controller writes Jobs) with,
/// optionally, the real controller (<c>AddJobSetController</c> on a generic host, 4 workers, the
/// client rate limit off) reconciling it, either in process (<see cref="InProcessTransport"/>)
/// or over loopback HTTP. Counts the Jobs the store holds per restart attempt from the store's own
/// event feed, so waiting for "all N Jobs exist" costs nothing per poll.
/// </summary>
internal sealed class ControllerRig : IAsyncDisposable
{
    /// <summary>The namespace every suite works in.</summary>
    public const string Namespace = "default";

    private readonly ConcurrentDictionary<string, int> jobsByAttempt = new(StringComparer.Ordinal);
    private readonly IDisposable subscription;
    private InProcessTransport? transport;
    private IHost? host;
    private int jobsDeleted;

    private ControllerRig(EmbeddedCluster cluster)
    {
        Cluster = cluster;
        subscription = cluster.Store.Subscribe(OnStoreEvent);
    }

    public EmbeddedCluster Cluster { get; }

    public InMemoryClusterStore Store => Cluster.Store;

    /// <summary>The controller's client (null without a controller).</summary>
    public IKubernetes? ControllerClient { get; private set; }

    /// <summary>The controller's requests (counted from its start; the client disposes the counter).</summary>
    public RequestCounter Requests { get; private set; } = null!;

    /// <summary>The running controller's state (null without a controller).</summary>
    public IJobSetControllerState? State => host?.Services.GetRequiredService<IJobSetControllerState>();

    /// <summary>Job deletions seen since the rig started.</summary>
    public int JobsDeleted => Volatile.Read(ref jobsDeleted);

    /// <summary>Starts a cluster; the controller is started separately.</summary>
    public static async Task<ControllerRig> StartAsync()
    {
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Listen = "127.0.0.1:0",
            SimulateWorkloads = false,

            // A watch that falls behind by more than the history relists; 15,000 Jobs twice over must fit.
            WatchHistorySize = 100_000,
            WatchHistoryBytes = 1L << 30,
        }).ConfigureAwait(false);
        return new ControllerRig(cluster);
    }

    /// <summary>Starts the controller and waits for its caches to sync.</summary>
    /// <param name="inProcess">Through <see cref="InProcessTransport"/>; otherwise over loopback HTTP.</param>
    public async Task StartControllerAsync(bool inProcess)
    {
        Requests = new RequestCounter();
        DelegatingHandler[] handlers = [Requests];
        if (inProcess)
        {
            transport = await InProcessTransport.StartAsync(Cluster).ConfigureAwait(false);
            ControllerClient = transport.Client(Cluster, handlers);
        }
        else
        {
            ControllerClient = new k8s.Kubernetes(Cluster.ClientConfiguration(), handlers);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(ControllerClient);
        builder.Services.AddJobSetController();
        host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var deadline = Stopwatch.StartNew();
        while (!State!.Synced)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException("the controller's caches did not sync in 2 minutes");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <summary>A new client of the cluster over loopback HTTP (the caller disposes it).</summary>
    public k8s.Kubernetes NewClient() => new(Cluster.ClientConfiguration());

    /// <summary>Stops the controller (the cluster keeps running).</summary>
    public async Task StopControllerAsync()
    {
        if (host is not null)
        {
            await host.StopAsync().ConfigureAwait(false);
            host.Dispose();
            host = null;
        }

        ControllerClient?.Dispose();
        ControllerClient = null;
        if (transport is not null)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            transport = null;
        }
    }

    /// <summary>The store's Jobs of restart attempt <paramref name="attempt"/> (created minus deleted).</summary>
    public int Jobs(int attempt) => jobsByAttempt.GetValueOrDefault(attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Creates a JobSet of <paramref name="replicas"/> single-pod Jobs (failure policy: 3 restarts, Recreate) in the store, as kubectl apply would.</summary>
    public JsonObject CreateJobSet(string name, int replicas) =>
        Store.Create(ResourceType.JobSets, JobSetBody(name, replicas));

    /// <summary>The JobSet of suites 5-8: suite 1's one-ReplicatedJob shape, with a failure policy.</summary>
    public static JsonObject JobSetBody(string name, int replicas)
    {
        var jobSet = Scenario.JobSet(Shape.OneReplicatedJob, replicas, RestartStrategy.Recreate);
        jobSet.Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace };
        jobSet.Status = null;
        return (JsonObject)KubeSerializer.ToNode(jobSet);
    }

    /// <summary>The stored JobSet, typed.</summary>
    public V1alpha2JobSet JobSet(string name) =>
        ManifestReader.ToJobSet(Store.Get(ResourceType.JobSets, Namespace, name) ?? throw new InvalidOperationException($"no JobSet {name}"), name);

    /// <summary>
    /// The Jobs the planner creates for the stored JobSet <paramref name="name"/> at restart
    /// <paramref name="attempt"/>, as request bodies: what the controller sends, for the baselines.
    /// </summary>
    public List<V1Job> PlannedJobs(string name, int attempt)
    {
        var jobSet = JobSet(name);
        jobSet.Status = new V1alpha2JobSetStatus { Restarts = attempt };
        var plan = Planner.Reconcile(jobSet, ObservedState.Empty, DateTimeOffset.UtcNow, FeatureGates.Default);
        return [.. plan.Actions.Select(a => a.Resource).OfType<V1Job>()];
    }

    /// <summary>Marks the stored Job <paramref name="name"/> failed (condition Failed=True), as the Job controller would.</summary>
    public void FailJob(string name)
    {
        var job = (JsonObject)(Store.Get(ResourceType.Jobs, Namespace, name) ?? throw new InvalidOperationException($"no Job {name}")).DeepClone();
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        job["status"] = new JsonObject
        {
            ["failed"] = 1,
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Failed",
                ["status"] = "True",
                ["reason"] = "BackoffLimitExceeded",
                ["message"] = "Job has reached the specified backoff limit",
                ["lastTransitionTime"] = now,
                ["lastProbeTime"] = now,
            }),
        };
        Store.UpdateStatus(ResourceType.Jobs, job);
    }

    /// <summary>Waits until the store holds <paramref name="count"/> Jobs of restart attempt <paramref name="attempt"/>.</summary>
    public Task WaitForJobsAsync(int attempt, int count, TimeSpan? timeout = null) =>
        WaitAsync(() => Jobs(attempt) >= count, () => $"{Jobs(attempt)} of {count} Jobs of attempt {attempt}", timeout);

    /// <summary>Polls <paramref name="done"/> every millisecond or so (reading counters only).</summary>
    public static async Task WaitAsync(Func<bool> done, Func<string> progress, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!done())
        {
            if (deadline.Elapsed > (timeout ?? TimeSpan.FromMinutes(10)))
            {
                throw new TimeoutException($"timed out waiting: {progress()}");
            }

            await Task.Delay(1).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopControllerAsync().ConfigureAwait(false);
        subscription.Dispose();
        await Cluster.DisposeAsync().ConfigureAwait(false);
    }

    private void OnStoreEvent(WatchEvent e)
    {
        if (e.Resource != ResourceType.Jobs || e.Type is not (WatchEvent.Added or WatchEvent.Deleted))
        {
            return;
        }

        var attempt = ObjectMeta.Labels(e.Object).GetValueOrDefault(WellKnownKeys.RestartAttempt) ?? "";
        var delta = e.Type == WatchEvent.Added ? 1 : -1;
        jobsByAttempt.AddOrUpdate(attempt, delta, (_, n) => n + delta);
        if (delta < 0)
        {
            Interlocked.Increment(ref jobsDeleted);
        }
    }
}
