using System.Diagnostics;
using JobSet.Core.Api;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Embedded.Store;
using JobSet.Kubernetes.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobSet.Benchmarks.Cluster;

/// <summary>
/// Suite 9's world: an embedded cluster with one simulated node per pod, the real JobSet
/// controller (<c>AddJobSetController</c>, talking to the cluster over loopback HTTP with its
/// default client limits of 500 QPS, burst 500, as upstream's), and one JobSet of
/// <c>jobs</c> Jobs of <c>podsPerJob</c> pods with a RestartJobSet failure policy, all running.
/// <see cref="FailOnePodAndRecoverAsync"/> fails one pod and times the recovery until every pod
/// of the new attempt is Running, recording when each one got there.
/// </summary>
public sealed class RecoveryScenario : IAsyncDisposable
{
    private const string Namespace = "default";
    private const string Name = "big";
    private readonly EmbeddedCluster cluster;
    private readonly IHost controller;
    private readonly IDisposable subscription;
    private readonly Lock gate = new();
    private readonly Dictionary<int, HashSet<string>> runningByAttempt = [];
    private readonly Stopwatch clock = new();
    private List<double>? timeline;
    private Dictionary<string, (double First, double Last, int Count)> milestones = [];
    private int watchedAttempt = -1;
    private TaskCompletionSource? allRunning;

    private RecoveryScenario(EmbeddedCluster cluster, IHost controller, int jobs, int podsPerJob)
    {
        this.cluster = cluster;
        this.controller = controller;
        Jobs = jobs;
        PodsPerJob = podsPerJob;
        Client = new k8s.Kubernetes(cluster.ClientConfiguration());
        subscription = cluster.Store.Subscribe(OnEvent);
    }

    /// <summary>Child Jobs of the JobSet.</summary>
    public int Jobs { get; }

    /// <summary>Pods per Job.</summary>
    public int PodsPerJob { get; }

    /// <summary>Pods of one attempt (also the simulated node count).</summary>
    public int Pods => Jobs * PodsPerJob;

    /// <summary>A client of the cluster (loopback HTTP).</summary>
    public IKubernetes Client { get; }

    /// <summary>Starts the cluster and the controller, creates the JobSet and waits until all its pods run.</summary>
    public static async Task<RecoveryScenario> StartAsync(int jobs, int podsPerJob, TimeSpan timeout)
    {
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Listen = "127.0.0.1:0",
            Simulation = new SimulationOptions
            {
                NodeCount = jobs * podsPerJob,
                NodePools = 1,
                StartupTime = TimeSpan.Zero,
                DefaultRunTime = TimeSpan.FromDays(1),
                MaxKeysPerPass = MaxKeysPerPass(),
            },
        }).ConfigureAwait(false);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddJobSetController(o => o.Cluster = cluster.ClientConfiguration());
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var scenario = new RecoveryScenario(cluster, host, jobs, podsPerJob);
        var running = scenario.Watch(attempt: 0);
        await scenario.Client.CustomObjects.CreateNamespacedCustomObjectAsync(KubeSerializer.ToNode(JobSetOf(jobs, podsPerJob)), ApiGroup.Name, ApiGroup.Version, Namespace, ApiGroup.JobSetPlural).ConfigureAwait(false);
        await running.WaitAsync(timeout).ConfigureAwait(false);
        return scenario;
    }

    /// <summary>
    /// Fails one pod of the running attempt and waits until every pod of the next attempt is
    /// Running. Returns the seconds from the failure to each pod's Running, in order.
    /// </summary>
    public async Task<IReadOnlyList<double>> FailOnePodAndRecoverAsync(TimeSpan timeout)
    {
        int attempt;
        lock (gate)
        {
            attempt = runningByAttempt.Keys.Max();
        }

        var candidates = cluster.Store.List(ResourceType.Pods, Namespace, $"{WellKnownKeys.RestartAttempt}={attempt},{WellKnownKeys.JobIndex}=0");
        var victim = (candidates.Count > 0 ? candidates[0] : null)
            ?? throw new InvalidOperationException($"no pod of attempt {attempt} to fail");
        var done = Watch(attempt + 1);
        if (!cluster.Simulator!.FailPod(Namespace, ObjectMeta.Name(victim)!, exitCode: 1))
        {
            throw new InvalidOperationException("the pod to fail was not running");
        }

        await done.WaitAsync(timeout).ConfigureAwait(false);
        lock (gate)
        {
            return [.. timeline!];
        }
    }

    /// <summary>The store-wide object count (every kind): what the API serves at this size.</summary>
    public int StoredObjects => cluster.Store.ServedTypes.Sum(t => cluster.Store.List(t, null).Count);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        subscription.Dispose();
        Client.Dispose();
        await controller.StopAsync().ConfigureAwait(false);
        controller.Dispose();
        await cluster.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The simulation's keys per pass: <c>JOBSET_BENCH_SIM_MAX_KEYS</c> when set to a positive number (to compare pass sizes), else the default.</summary>
    private static int MaxKeysPerPass() =>
        int.TryParse(Environment.GetEnvironmentVariable("JOBSET_BENCH_SIM_MAX_KEYS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var keys) && keys > 0
            ? keys
            : new SimulationOptions().MaxKeysPerPass;

    /// <summary>The JobSet: one ReplicatedJob, RestartJobSet on any failure (up to 3 restarts).</summary>
    public static V1alpha2JobSet JobSetOf(int jobs, int podsPerJob) => new()
    {
        ApiVersion = ApiGroup.ApiVersion,
        Kind = ApiGroup.JobSetKind,
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace },
        Spec = new V1alpha2JobSetSpec
        {
            FailurePolicy = new V1alpha2FailurePolicy { MaxRestarts = 3 },
            ReplicatedJobs =
            [
                new V1alpha2ReplicatedJob
                {
                    Name = "workers",
                    Replicas = jobs,
                    Template = new V1JobTemplateSpec
                    {
                        Spec = new V1JobSpec
                        {
                            Parallelism = podsPerJob,
                            Completions = podsPerJob,
                            BackoffLimit = 0,
                            Template = new V1PodTemplateSpec
                            {
                                Spec = new V1PodSpec
                                {
                                    RestartPolicy = "Never",
                                    Containers = [new V1Container { Name = "main", Image = "registry.example.com/trainer:1.0" }],
                                },
                            },
                        },
                    },
                },
            ],
        },
    };

    private Task Watch(int attempt)
    {
        lock (gate)
        {
            watchedAttempt = attempt;
            timeline = [];
            milestones = [];
            allRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            clock.Restart();
            return allRunning.Task;
        }
    }

    /// <summary>When each kind of change happened during the last recovery: first and last time (seconds since the failure) and count.</summary>
    public IReadOnlyDictionary<string, (double First, double Last, int Count)> Milestones
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, (double, double, int)>(milestones);
            }
        }
    }

    /// <summary>Counts each pod of each attempt once, when it is first seen Running.</summary>
    private void OnEvent(WatchEvent e)
    {
        if (e.Resource == ResourceType.Jobs || e.Resource == ResourceType.Pods)
        {
            lock (gate)
            {
                var what = $"{e.Resource.Kind} {e.Type}";
                var now = clock.Elapsed.TotalSeconds;
                milestones[what] = milestones.TryGetValue(what, out var m) ? (m.First, now, m.Count + 1) : (now, now, 1);
            }
        }

        if (e.Resource != ResourceType.Pods || e.Type == WatchEvent.Deleted || e.Object["status"]?["phase"]?.GetValue<string>() != "Running"
            || e.Object["metadata"]?["labels"]?[WellKnownKeys.RestartAttempt]?.GetValue<string>() is not { } text
            || !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var attempt))
        {
            return;
        }

        lock (gate)
        {
            if (!runningByAttempt.TryGetValue(attempt, out var running))
            {
                running = new HashSet<string>(StringComparer.Ordinal);
                runningByAttempt[attempt] = running;
            }

            if (!running.Add(ObjectMeta.Name(e.Object) ?? "") || attempt != watchedAttempt)
            {
                return;
            }

            timeline!.Add(clock.Elapsed.TotalSeconds);
            if (running.Count == Pods)
            {
                allRunning!.TrySetResult();
            }
        }
    }
}
