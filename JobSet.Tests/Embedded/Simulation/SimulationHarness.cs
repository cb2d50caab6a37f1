using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Embedded.Simulation;

/// <summary>An in-memory store, a fake clock and a simulator stepped by the test.</summary>
internal sealed class SimulationHarness : IAsyncDisposable
{
    public const string Namespace = "default";

    public SimulationHarness(Action<SimulationOptions>? configure = null)
    {
        Store = new InMemoryClusterStore(new StoreOptions { Time = Clock, NameSeed = 7 });
        Store.Create(ResourceType.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        Options = new SimulationOptions();
        configure?.Invoke(Options);
        Simulator = new WorkloadSimulator(Store, Options);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public InMemoryClusterStore Store { get; }

    public SimulationOptions Options { get; }

    public WorkloadSimulator Simulator { get; }

    /// <summary>Does all work due now.</summary>
    public void Run() => Simulator.RunUntilIdle();

    /// <summary>Advances the clock in one-second steps, running the simulation after each.</summary>
    public void RunFor(TimeSpan duration, Action? afterStep = null)
    {
        Run();
        afterStep?.Invoke();
        for (var passed = TimeSpan.Zero; passed < duration; passed += TimeSpan.FromSeconds(1))
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            Run();
            afterStep?.Invoke();
        }
    }

    /// <summary>Steps one simulated second at a time until the condition holds (at most <paramref name="limit"/>); returns whether it did.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan? limit = null)
    {
        Run();
        var max = limit ?? TimeSpan.FromMinutes(5);
        for (var passed = TimeSpan.Zero; !done(); passed += TimeSpan.FromSeconds(1))
        {
            if (passed >= max)
            {
                return false;
            }

            Clock.Advance(TimeSpan.FromSeconds(1));
            Run();
        }

        return true;
    }

    public V1Job Create(V1Job job) => Store.Create(ResourceType.Jobs, job);

    public V1Pod Create(V1Pod pod) => Store.Create(ResourceType.Pods, pod);

    public V1Job Job(string name) => Store.Get<V1Job>(ResourceType.Jobs, Namespace, name)!;

    public V1Pod? Pod(string name) => Store.Get<V1Pod>(ResourceType.Pods, Namespace, name);

    public IReadOnlyList<V1Pod> PodsOf(string jobName) =>
        Store.List<V1Pod>(ResourceType.Pods, Namespace, $"batch.kubernetes.io/job-name={jobName}");

    public IReadOnlyList<V1Pod> ActivePodsOf(string jobName) =>
        [.. PodsOf(jobName).Where(p => p.Status?.Phase is not ("Succeeded" or "Failed") && p.Metadata.DeletionTimestamp is null)];

    public IReadOnlyList<V1Node> Nodes() => Store.List<V1Node>(ResourceType.Nodes, null);

    public static bool HasCondition(V1Job job, string type, string? reason = null) =>
        job.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True" && (reason is null || c.Reason == reason)) == true;

    public static string? PodCondition(V1Pod pod, string type) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c.Type == type)?.Status;

    /// <summary>A Job with one container and the given shape.</summary>
    public static V1Job NewJob(
        string name,
        int parallelism = 1,
        int? completions = 1,
        string mode = "Indexed",
        string restartPolicy = "Never",
        int? backoffLimit = null,
        IDictionary<string, string>? annotations = null,
        Action<V1PodSpec>? pod = null,
        Action<V1JobSpec>? job = null)
    {
        var spec = new V1PodSpec
        {
            RestartPolicy = restartPolicy,
            Containers = [new V1Container { Name = "main", Image = "busybox" }],
        };
        pod?.Invoke(spec);
        var jobSpec = new V1JobSpec
        {
            Parallelism = parallelism,
            Completions = completions,
            CompletionMode = mode,
            BackoffLimit = backoffLimit,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta
                {
                    Labels = new Dictionary<string, string> { ["app"] = name },
                    Annotations = annotations is null ? null : new Dictionary<string, string>(annotations),
                },
                Spec = spec,
            },
        };
        job?.Invoke(jobSpec);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = jobSpec,
        };
    }

    public async ValueTask DisposeAsync() => await Simulator.DisposeAsync();
}
