using BenchmarkDotNet.Attributes;
using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Benchmarks;

/// <summary>
/// Planner.Reconcile on a JobSet of 15,000 child Jobs (3 ReplicatedJobs of 5,000): the first
/// reconcile, which creates every Job, and the steady state, where every Job exists and is ready.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private static readonly string[] ReplicatedJobNames = ["leader", "workers", "evaluators"];

    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private V1alpha2JobSet _jobSet = null!;
    private V1alpha2JobSet _running = null!;
    private ObservedState _observed = null!;

    [Params(15_000)]
    public int Jobs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var perReplicatedJob = Jobs / 3;
        _jobSet = JobSetDefaulter.Apply(new V1alpha2JobSet
        {
            Metadata = new V1ObjectMeta { Name = "big", NamespaceProperty = "default", Uid = "5f0c2a8e-1d7b-4c6e-9a3f-2b8d7e6c1a90" },
            Spec = new V1alpha2JobSetSpec
            {
                ReplicatedJobs = [.. ReplicatedJobNames.Select(name => new V1alpha2ReplicatedJob
                {
                    Name = name,
                    Replicas = perReplicatedJob,
                    Template = new V1JobTemplateSpec
                    {
                        Spec = new V1JobSpec
                        {
                            Parallelism = 4,
                            Completions = 4,
                            BackoffLimit = 0,
                            Template = new V1PodTemplateSpec
                            {
                                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                                Spec = new V1PodSpec
                                {
                                    Containers =
                                    [
                                        new V1Container
                                        {
                                            Name = "main",
                                            Image = "registry.example.com/trainer:1.0",
                                            Command = ["python", "train.py"],
                                            Env = [new V1EnvVar { Name = "EPOCHS", Value = "10" }],
                                            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4") } },
                                        },
                                    ],
                                },
                            },
                        },
                    },
                })],
            },
        });

        // The steady state: every Job the first reconcile creates exists and is ready.
        var first = Planner.Reconcile(_jobSet, ObservedState.Empty, Now, FeatureGates.Default);
        var jobs = first.Actions.Select(a => a.Resource).OfType<V1Job>().ToList();
        foreach (var job in jobs)
        {
            job.Status = new V1JobStatus { Active = 4, Ready = 4 };
        }

        var service = first.Actions.Select(a => a.Resource).OfType<V1Service>().Single();
        _running = (V1alpha2JobSet)first.Actions[^1].Resource;
        _observed = new ObservedState(jobs, [service], []);
    }

    [Benchmark]
    public ReconcilePlan FirstReconcileCreatesAll() => Planner.Reconcile(_jobSet, ObservedState.Empty, Now, FeatureGates.Default);

    [Benchmark]
    public ReconcilePlan SteadyStateAllObserved() => Planner.Reconcile(_running, _observed, Now, FeatureGates.Default);
}
