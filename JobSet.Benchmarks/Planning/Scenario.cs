using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Benchmarks.Planning;

/// <summary>
/// The inputs of the planner suites: a defaulted JobSet of one <see cref="Shape"/> with N child
/// Jobs, and the observed states of its life (all running, one failed, all of a previous attempt).
/// </summary>
public static class Scenario
{
    /// <summary>The only clock of every planner benchmark.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The sizes (total child Jobs) of a full run.</summary>
    public static readonly int[] FullSizes = [150, 1_500, 15_000];

    /// <summary>The sizes of a quick run (<c>--quick</c>).</summary>
    public static readonly int[] QuickSizes = [150, 1_500];

    /// <summary>Set by <c>--quick</c> (inherited by BenchmarkDotNet's child processes).</summary>
    public const string QuickVariable = "JOBSET_BENCH_QUICK";

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable(QuickVariable) == "1" ? QuickSizes : FullSizes;

    /// <summary>A defaulted JobSet of <paramref name="jobs"/> child Jobs in total.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="jobs">Total child Jobs (split as evenly as possible over the ReplicatedJobs).</param>
    /// <param name="restartStrategy">With a value, a failure policy of 3 restarts with this strategy.</param>
    public static V1alpha2JobSet JobSet(Shape shape, int jobs, string? restartStrategy = null)
    {
        var multislice = shape == Shape.Multislice;
        var names = multislice ? new[] { "slice-a", "slice-b", "slice-c", "slice-d" } : ["workers"];
        var jobSet = new V1alpha2JobSet
        {
            ApiVersion = ApiGroup.ApiVersion,
            Kind = ApiGroup.JobSetKind,
            Metadata = new V1ObjectMeta
            {
                Name = "big",
                NamespaceProperty = "default",
                Uid = "5f0c2a8e-1d7b-4c6e-9a3f-2b8d7e6c1a90",
                Annotations = multislice ? new Dictionary<string, string> { [WellKnownKeys.ExclusiveTopology] = "cloud.google.com/gke-nodepool" } : null,
            },
            Spec = new V1alpha2JobSetSpec
            {
                FailurePolicy = restartStrategy is null ? null : new V1alpha2FailurePolicy { MaxRestarts = 3, RestartStrategy = restartStrategy },
                ReplicatedJobs = [.. names.Select((name, i) => ReplicatedJob(name, (jobs / names.Length) + (i < jobs % names.Length ? 1 : 0), multislice ? 4 : 1))],
            },
        };
        return JobSetDefaulter.Apply(jobSet);
    }

    /// <summary>The Jobs the first reconcile creates, each with a status (ready, or failed for <paramref name="failedIndex"/>).</summary>
    /// <param name="jobSet">The JobSet (its status.restarts gives the attempt).</param>
    /// <param name="failedIndex">The position of the one failed Job, or -1.</param>
    public static List<V1Job> RunningJobs(V1alpha2JobSet jobSet, int failedIndex = -1)
    {
        var plan = Planner.Reconcile(jobSet, ObservedState.Empty, Now, FeatureGates.Default);
        var jobs = plan.Actions.Select(a => a.Resource).OfType<V1Job>().ToList();
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            var pods = job.Spec.Parallelism ?? 1;
            job.Metadata.Uid = $"00000000-0000-0000-0000-{i:D12}";
            job.Status = i == failedIndex
                ? new V1JobStatus
                {
                    Failed = 1,
                    Conditions = [new V1JobCondition { Type = "Failed", Status = "True", Reason = "BackoffLimitExceeded", LastTransitionTime = Now.UtcDateTime }],
                }
                : new V1JobStatus { Active = pods, Ready = pods };
        }

        return jobs;
    }

    /// <summary>The JobSet as stored once its Jobs are all running (the status the first reconciles write).</summary>
    public static V1alpha2JobSet Running(V1alpha2JobSet jobSet, IReadOnlyList<V1Job> jobs, IReadOnlyList<V1Service> services)
    {
        var current = jobSet;
        for (var i = 0; i < 3; i++)
        {
            var plan = Planner.Reconcile(current, new ObservedState(jobs, services, []), Now, FeatureGates.Default);
            if (!plan.StatusChanged)
            {
                break;
            }

            current = plan.JobSet;
        }

        return current;
    }

    /// <summary>The headless Service the first reconcile creates.</summary>
    public static List<V1Service> Services(V1alpha2JobSet jobSet) =>
        [.. Planner.Reconcile(jobSet, ObservedState.Empty, Now, FeatureGates.Default).Actions.Select(a => a.Resource).OfType<V1Service>()];

    private static V1alpha2ReplicatedJob ReplicatedJob(string name, int replicas, int pods) => new()
    {
        Name = name,
        Replicas = replicas,
        Template = new V1JobTemplateSpec
        {
            Spec = new V1JobSpec
            {
                Parallelism = pods,
                Completions = pods,
                BackoffLimit = 0,
                CompletionMode = "Indexed",
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "main",
                                Image = "registry.example.com/trainer:1.0",
                                Command = ["python", "train.py"],
                                Env = [new V1EnvVar { Name = "EPOCHS", Value = "10" }, new V1EnvVar { Name = "BATCH", Value = "256" }],
                                Ports = [new V1ContainerPort { ContainerPort = 8471 }],
                                Resources = new V1ResourceRequirements
                                {
                                    Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("16Gi") },
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("16Gi") },
                                },
                            },
                        ],
                    },
                },
            },
        },
    };
}
