using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// A tiny "cluster" for multi-step scenarios: one JobSet, a dictionary of Jobs by name and the Services.
/// Plans are applied as an API server would: a create adds a copy, a status write replaces
/// the JobSet, a foreground delete only marks the Job (it lingers with a deletion timestamp
/// until <see cref="FinishDeletions"/>, as while its pods terminate), deleting the JobSet
/// marks it deleted.
/// </summary>
internal sealed class MiniCluster(V1alpha2JobSet jobSet, FeatureGates? gates = null)
{
    private readonly SortedDictionary<string, V1Job> jobs = new(StringComparer.Ordinal);
    private readonly List<V1Service> services = [];

    public V1alpha2JobSet JobSet { get; private set; } = jobSet;

    public FeatureGates Gates { get; } = gates ?? FeatureGates.Default;

    public bool JobSetDeleted { get; private set; }

    public IReadOnlyCollection<V1Job> Jobs => jobs.Values;

    public V1Job this[string name] => jobs[name];

    /// <summary>Plans one reconcile at <paramref name="now"/> and applies it.</summary>
    public ReconcilePlan Reconcile(DateTimeOffset now)
    {
        var plan = Planner.Reconcile(JobSet, new ObservedState([.. jobs.Values], services, []), now, Gates);
        Assert.That(plan!.Error(), Is.Null, "the reconcile stopped with an error");
        foreach (var action in plan.DocumentActions())
        {
            action.Switch(Create, Update, UpdateStatus, Delete);
        }

        return plan;
    }

    /// <summary>The Jobs that were being deleted are gone.</summary>
    public void FinishDeletions()
    {
        foreach (var name in jobs.Where(j => j.Value.Metadata.DeletionTimestamp is not null).Select(j => j.Key).ToList())
        {
            jobs.Remove(name);
        }
    }

    /// <summary>One Job that was being deleted is gone.</summary>
    public void FinishDeletion(string name)
    {
        Assert.That(jobs[name].Metadata.DeletionTimestamp, Is.Not.Null, $"{name} is not being deleted");
        jobs.Remove(name);
    }

    /// <summary>Every Job that is not being deleted runs with all its pods ready.</summary>
    public void AllRunning()
    {
        foreach (var job in jobs.Values.Where(j => j.Metadata.DeletionTimestamp is null && Core.Planning.ChildJobs.FinishedType(j) is null))
        {
            Cluster.Ready(job);
        }
    }

    public void Fail(string name, DateTimeOffset at, string reason = "BackoffLimitExceeded") =>
        Cluster.Finish(jobs[name], "Failed", reason, "Job has reached the specified backoff limit", at);

    public void Succeed(string name, DateTimeOffset at) =>
        Cluster.Finish(jobs[name], "Complete", "CompletionsReached", "Reached expected number of succeeded pods", at);

    /// <summary>Name and restart-attempt label of every Job, e.g. <c>solo-rj-0@1</c>; a trailing <c>-</c> marks one being deleted.</summary>
    public string[] Summary() =>
        [.. jobs.Values.Select(j => $"{j.Metadata.Name}@{j.Metadata.Labels[WellKnownKeys.RestartAttempt]}{(j.Metadata.DeletionTimestamp is null ? "" : "-")}")];

    private void Create(CreateAction create)
    {
        if (create.Resource is V1Service service)
        {
            services.Add(ModelCopy.Of(service)!);
        }
        else if (create.Resource is V1Job job)
        {
            Assert.That(jobs.ContainsKey(job.Metadata.Name), Is.False, $"{job.Metadata.Name} created while it exists");
            var copy = ModelCopy.Of(job)!;
            copy.Metadata.Uid = $"uid-{copy.Metadata.Name}-{copy.Metadata.Labels[WellKnownKeys.RestartAttempt]}";
            jobs[copy.Metadata.Name] = copy;
        }
    }

    private void Update(UpdateAction update)
    {
        if (update.Resource is V1Job job)
        {
            jobs[job.Metadata.Name] = ModelCopy.Of(job)!;
        }
    }

    private void UpdateStatus(UpdateStatusAction status)
    {
        switch (status.Resource)
        {
            case V1alpha2JobSet updated: JobSet = ModelCopy.Of(updated)!; break;
            case V1Job job: jobs[job.Metadata.Name] = ModelCopy.Of(job)!; break;
        }
    }

    private void Delete(DeleteAction delete)
    {
        Assert.That(delete.PropagationPolicy, Is.EqualTo(PropagationPolicy.Foreground));
        switch (delete.Resource)
        {
            case V1Job job:
                jobs[job.Metadata.Name].Metadata.DeletionTimestamp = DateTime.UnixEpoch;
                break;
            case V1alpha2JobSet:
                JobSetDeleted = true;
                break;
        }
    }
}
