using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// The counts of <c>status.replicatedJobsStatus</c> per ReplicatedJob of the spec, as upstream's
/// calculateReplicatedJobStatuses makes them: a running Job is ready when its succeeded + ready
/// pods reach min(parallelism, completions), active when it has an active pod, suspended when
/// its spec says so; a Job without a known ReplicatedJob is not counted.
/// <see cref="ChildJobs.Select(V1alpha2JobSet, JobSetLayout, IReadOnlyList{V1Job}, FeatureGates)"/>
/// counts each child in its bucketing pass, so that the status needs no second pass over N Jobs.
/// </summary>
internal sealed class ReplicatedJobCounts
{
    private readonly Dictionary<string, Tally> byName = new(StringComparer.Ordinal);

    // The last ReplicatedJob found: the children of one ReplicatedJob usually come together,
    // and their label values are often the same string.
    private string? lastName;
    private Tally? last;

    /// <summary>Zero counts for every ReplicatedJob of the layout (duplicate names share one).</summary>
    public ReplicatedJobCounts(JobSetLayout layout)
    {
        foreach (var rjob in layout.ReplicatedJobs)
        {
            byName.TryAdd(rjob.Name, new Tally());
        }
    }

    /// <summary>Counts the buckets of children filled by hand rather than by <c>Select</c>.</summary>
    public static ReplicatedJobCounts Of(JobSetLayout layout, ChildJobs children)
    {
        var counts = new ReplicatedJobCounts(layout);
        foreach (var job in children.ActiveInAnyOrder)
        {
            counts.AddActive(job);
        }

        foreach (var job in children.Succeeded)
        {
            counts.AddSucceeded(job);
        }

        foreach (var job in children.Failed)
        {
            counts.AddFailed(job);
        }

        return counts;
    }

    /// <summary>Counts a running Job of the current attempt.</summary>
    public void AddActive(V1Job job)
    {
        // A plain local, not `is not { } tally`: Stryker cannot compile a mutant of the latter.
        var tally = Find(job);
        if (tally is null)
        {
            return;
        }

        var spec = job.Spec;
        var status = job.Status;
        var pods = spec?.Parallelism ?? 1;
        if (spec?.Completions is { } completions && completions < pods)
        {
            pods = completions;
        }

        if ((status?.Succeeded ?? 0) + (status?.Ready ?? 0) >= pods)
        {
            tally.Ready++;
        }

        if ((status?.Active ?? 0) > 0)
        {
            tally.Active++;
        }

        if (spec?.Suspend == true)
        {
            tally.Suspended++;
        }
    }

    /// <summary>Counts a Job of the current attempt that completed.</summary>
    public void AddSucceeded(V1Job job)
    {
        if (Find(job) is { } tally)
        {
            tally.Succeeded++;
        }
    }

    /// <summary>Counts a Job of the current attempt that failed.</summary>
    public void AddFailed(V1Job job)
    {
        if (Find(job) is { } tally)
        {
            tally.Failed++;
        }
    }

    /// <summary>The counts of the ReplicatedJob <paramref name="name"/>; zero for a name not in the layout.</summary>
    public V1alpha2ReplicatedJobStatus Status(string name)
    {
        var tally = byName.GetValueOrDefault(name) ?? new Tally();
        return new V1alpha2ReplicatedJobStatus
        {
            Name = name,
            Ready = tally.Ready,
            Succeeded = tally.Succeeded,
            Failed = tally.Failed,
            Active = tally.Active,
            Suspended = tally.Suspended,
        };
    }

    private Tally? Find(V1Job job)
    {
        var name = job.GetLabel(WellKnownKeys.ReplicatedJobName);
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (name == lastName)
        {
            return last;
        }

        if (!byName.TryGetValue(name, out var tally))
        {
            return null;
        }

        (lastName, last) = (name, tally);
        return tally;
    }

    /// <summary>One ReplicatedJob's counts.</summary>
    private sealed class Tally
    {
        public int Ready { get; set; }

        public int Succeeded { get; set; }

        public int Failed { get; set; }

        public int Active { get; set; }

        public int Suspended { get; set; }
    }
}
