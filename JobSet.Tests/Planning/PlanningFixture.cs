using JobSet.Tests.TestSupport;
using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>
/// A tiny in-memory cluster for planner tests: it applies plans (creates, updates, status
/// writes, deletes as immediate removals) and lets a test move Jobs through their life.
/// </summary>
internal sealed class Cluster
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public Cluster(string jobSetYaml)
        : this(Read(jobSetYaml))
    {
    }

    public Cluster(V1alpha2JobSet jobSet) => JobSet = jobSet;

    public V1alpha2JobSet JobSet { get; set; }

    public List<V1Job> Jobs { get; } = [];

    public List<V1Service> Services { get; } = [];

    public List<V1PersistentVolumeClaim> Claims { get; } = [];

    public FeatureGates Gates { get; set; } = FeatureGates.Default;

    public ObservedState Observed => new(Jobs, Services, Claims);

    /// <summary>A JobSet from YAML, defaulted as the API server stores it, with a fixed UID.</summary>
    public static V1alpha2JobSet Read(string yaml)
    {
        var jobSet = JobSetDefaulter.Apply(ManifestReader.ReadJobSet(yaml, "test.yaml"));
        jobSet.Metadata.Uid ??= "0b5a0c9e-7f1d-4c3a-9d2e-1f6b8a7c5d40";
        return jobSet;
    }

    public ReconcilePlan Plan(DateTimeOffset? now = null) => Planner.Reconcile(JobSet, Observed, now ?? T0, Gates);

    /// <summary>Plans and applies the plan; returns it.</summary>
    public ReconcilePlan Step(DateTimeOffset? now = null)
    {
        var plan = Plan(now);
        Apply(plan);
        return plan;
    }

    public void Apply(ReconcilePlan plan)
    {
        foreach (var action in plan.DocumentActions())
        {
            action.Switch(
                create => Add(create.Resource),
                update => Replace(update.Resource),
                status => Replace(status.Resource),
                delete => Remove(delete.Resource));
        }
    }

    public V1Job Job(string name) => Jobs.Single(j => j.Metadata.Name == name);

    public void Ready(string name) => Ready(Job(name));

    public static void Ready(V1Job job)
    {
        job.Status ??= new V1JobStatus();
        var pods = Math.Min(job.Spec.Parallelism ?? 1, job.Spec.Completions ?? int.MaxValue);
        job.Status.Ready = pods;
        job.Status.Active = pods;
        job.Status.StartTime ??= T0.UtcDateTime;
    }

    public void AllReady() => Jobs.ForEach(Ready);

    public void Succeed(string name) => Finish(Job(name), "Complete", "CompletionsReached", "Reached expected number of succeeded pods", T0);

    public void Fail(string name, DateTimeOffset at, string reason = "BackoffLimitExceeded", string message = "Job has reached the specified backoff limit") =>
        Finish(Job(name), "Failed", reason, message, at);

    public static void Finish(V1Job job, string type, string reason, string message, DateTimeOffset at)
    {
        job.Status ??= new V1JobStatus();
        job.Status.Active = 0;
        job.Status.Ready = 0;
        if (type == "Complete")
        {
            job.Status.Succeeded = job.Spec.Completions ?? 1;
        }
        else
        {
            job.Status.Failed = 1;
        }

        job.Status.Conditions = [new V1JobCondition { Type = type, Status = "True", Reason = reason, Message = message, LastTransitionTime = at.UtcDateTime }];
    }

    private void Add(k8s.IKubernetesObject<V1ObjectMeta> obj)
    {
        switch (obj)
        {
            case V1Job job: Jobs.Add(ModelCopy.Of(job)!); break;
            case V1Service service: Services.Add(ModelCopy.Of(service)!); break;
            case V1PersistentVolumeClaim claim: Claims.Add(ModelCopy.Of(claim)!); break;
        }
    }

    private void Replace(k8s.IKubernetesObject<V1ObjectMeta> obj)
    {
        switch (obj)
        {
            case V1Job job:
                Jobs[Jobs.FindIndex(j => j.Metadata.Name == job.Metadata.Name)] = ModelCopy.Of(job)!;
                break;
            case V1alpha2JobSet jobSet:
                JobSet = ModelCopy.Of(jobSet)!;
                break;
        }
    }

    private void Remove(k8s.IKubernetesObject<V1ObjectMeta> obj)
    {
        switch (obj)
        {
            case V1Job job: Jobs.RemoveAll(j => j.Metadata.Name == job.Metadata.Name); break;
            case V1alpha2JobSet: JobSet.Metadata.DeletionTimestamp = T0.UtcDateTime; break;
        }
    }
}
