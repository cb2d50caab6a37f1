using System.Buffers;
using System.Globalization;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// The JobSet's child Jobs, bucketed as upstream's getChildJobs does: Jobs of the current run
/// (restart-attempt label equal to <c>status.restarts</c> and, with RestartJob, job-restart-attempt
/// at its target) are active, succeeded or failed; older ones are "previous" and get deleted.
/// Every bucket is sorted by name so that plans are deterministic; the active Jobs only when a
/// pass that writes them in order asks (the steady state only counts them). One pass, O(n).
/// </summary>
internal sealed class ChildJobs : IDisposable
{
    // The active Jobs in observed order, in an array rented from the shared pool: the steady
    // state keeps no list of N Jobs (one that size lands on the large-object heap, whose
    // collections cost far more than the reconcile).
    private V1Job[] active = [];
    private int activeCount;
    private List<V1Job>? activeSorted;

    /// <summary>The running Jobs of the current attempt, sorted by name (made on first use).</summary>
    public List<V1Job> Active
    {
        get
        {
            if (activeSorted is null)
            {
                activeSorted = new List<V1Job>(activeCount);
                activeSorted.AddRange(new ArraySegment<V1Job>(active, 0, activeCount));
                SortByName(activeSorted);
            }

            return activeSorted;
        }
    }

    /// <summary>
    /// The same Jobs as <see cref="Active"/>, in the order observed until <see cref="Active"/> is
    /// used: for passes whose result does not depend on the order (counting, picking the
    /// suspended ones), so that the steady state neither sorts nor copies N Jobs.
    /// </summary>
    public IReadOnlyList<V1Job> ActiveInAnyOrder => activeSorted ?? (IReadOnlyList<V1Job>)new ArraySegment<V1Job>(active, 0, activeCount);

    public List<V1Job> Succeeded { get; } = [];

    public List<V1Job> Failed { get; } = [];

    public List<V1Job> Previous { get; } = [];

    /// <summary>
    /// The names of every child in any bucket, as a bitmap of the Job indexes they stand for:
    /// a Job is never created twice (O(1) lookups, no string per Job).
    /// </summary>
    public ExistingJobNames Names { get; } = new();

    /// <summary>
    /// The status counts per ReplicatedJob, made in <see cref="Select(V1alpha2JobSet, JobSetLayout, IReadOnlyList{V1Job}, FeatureGates)"/>'s
    /// pass; null when the buckets were filled otherwise.
    /// </summary>
    public ReplicatedJobCounts? Counts { get; private set; }

    /// <summary>Returns the pooled name bitmap.</summary>
    public void Dispose()
    {
        Names.Dispose();
        if (active.Length > 0)
        {
            ArrayPool<V1Job>.Shared.Return(active, clearArray: true);
            (active, activeCount) = ([], 0);
        }
    }

    private void AddActive(V1Job job, int observed)
    {
        // Rented once, sized for every observed Job: the active ones are some of them, so the
        // array never grows.
        if (active.Length == 0)
        {
            active = ArrayPool<V1Job>.Shared.Rent(observed);
        }

        active[activeCount++] = job;
    }

    /// <summary>
    /// Selects and buckets the children. A malformed label stops the reconcile with an error,
    /// as upstream returns one; the message names the Job and the label.
    /// </summary>
    public static (ChildJobs? Children, string? Error) Select(V1alpha2JobSet jobSet, IReadOnlyList<V1Job> observed, FeatureGates gates) =>
        Select(jobSet, new JobSetLayout(jobSet), observed, gates);

    /// <summary>As <see cref="Select(V1alpha2JobSet, IReadOnlyList{V1Job}, FeatureGates)"/>, with the JobSet's layout at hand.</summary>
    public static (ChildJobs? Children, string? Error) Select(V1alpha2JobSet jobSet, JobSetLayout layout, IReadOnlyList<V1Job> observed, FeatureGates gates)
    {
        var uid = jobSet.Metadata.Uid;
        var ns = jobSet.NamespaceOrDefault();
        var restarts = jobSet.Status?.Restarts ?? 0;
        var targets = gates.RestartJob ? new JobRestartTargets(jobSet) : null;
        var children = new ChildJobs { Counts = new ReplicatedJobCounts(layout) };
        children.Names.Bind(InputCheckStep.NameOf(jobSet), layout);

        // One pass in the observed order. A malformed label stops the reconcile, reporting the
        // first such Job by name, as upstream visiting the Jobs in name order would.
        string? firstError = null;
        string? firstErrorJob = null;
        foreach (var job in observed)
        {
            // A plain local, not `is not { } metadata`: Stryker cannot compile a mutant of the latter.
            var metadata = job.Metadata;
            if (metadata is null || (metadata.NamespaceProperty ?? ns) != ns || !IsControlledBy(job, uid))
            {
                continue;
            }

            var name = metadata.Name ?? "";
            children.Names.Add(name);
            var attemptText = job.GetLabel(WellKnownKeys.RestartAttempt);
            string? error = null;
            var isPrevious = false;
            if (!TryParseInt(attemptText, out var attempt))
            {
                error = $"job {name}: invalid value for label {WellKnownKeys.RestartAttempt}: \"{attemptText}\", must be integer";
            }
            else if (attempt < restarts)
            {
                isPrevious = true;
            }
            else if (targets is not null)
            {
                (isPrevious, error) = targets.IsPrevious(job);
            }

            if (error is not null)
            {
                if (firstErrorJob is null || string.CompareOrdinal(name, firstErrorJob) < 0)
                {
                    (firstError, firstErrorJob) = (error, name);
                }

                continue;
            }

            if (isPrevious)
            {
                children.Previous.Add(job);
                continue;
            }

            // Counted here, while the Job is at hand: the status needs no second pass over N Jobs.
            switch (FinishedType(job))
            {
                case "Failed":
                    children.Failed.Add(job);
                    children.Counts.AddFailed(job);
                    break;
                case "Complete":
                    children.Succeeded.Add(job);
                    children.Counts.AddSucceeded(job);
                    break;
                default:
                    children.AddActive(job, observed.Count);
                    children.Counts.AddActive(job);
                    break;
            }
        }

        if (firstError is not null)
        {
            children.Dispose();
            return (null, firstError);
        }

        SortByName(children.Previous);
        SortByName(children.Failed);
        SortByName(children.Succeeded);
        return (children, null);
    }

    /// <summary>Sorts by name, ordinal; stable (equal names keep their observed order); no work when already sorted.</summary>
    private static void SortByName(List<V1Job> jobs)
    {
        for (var i = 1; i < jobs.Count; i++)
        {
            if (string.CompareOrdinal(jobs[i - 1].Metadata.Name, jobs[i].Metadata.Name) > 0)
            {
                var sorted = jobs.OrderBy(job => job.Metadata.Name, StringComparer.Ordinal).ToList();
                jobs.Clear();
                jobs.AddRange(sorted);
                return;
            }
        }
    }

    /// <summary>Whether the Job's controller owner reference is this JobSet (apiVersion, kind and UID).</summary>
    public static bool IsControlledBy(V1Job job, string? uid)
    {
        if (uid is null || job.Metadata?.OwnerReferences is not { } owners)
        {
            return false;
        }

        // An indexed loop: no enumerator or closure per Job.
        for (var i = 0; i < owners.Count; i++)
        {
            var o = owners[i];
            if (o is not null && o.Controller == true && o.Uid == uid && o.Kind == ApiGroup.JobSetKind && o.ApiVersion == ApiGroup.ApiVersion)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>Complete</c> or <c>Failed</c> when that Job condition is True; null while the Job runs.</summary>
    public static string? FinishedType(V1Job job)
    {
        if (job.Status?.Conditions is not { } conditions)
        {
            return null;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            var c = conditions[i];
            if (c.Type is "Complete" or "Failed" && c.Status == "True")
            {
                return c.Type;
            }
        }

        return null;
    }

    /// <summary>Parses a decimal label value as Go's strconv.Atoi does (optional sign, digits only).</summary>
    public static bool TryParseInt(string? text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>The per-Job restart targets of the RestartJob gate, read once per ReplicatedJob.</summary>
    private sealed class JobRestartTargets(V1alpha2JobSet jobSet)
    {
        private readonly Dictionary<string, IList<int>> cache = new(StringComparer.Ordinal);

        public (bool IsPrevious, string? Error) IsPrevious(V1Job job)
        {
            var name = job.Metadata.Name;
            if (job.GetLabel(WellKnownKeys.ReplicatedJobName) is not { } rjobName)
            {
                return (false, $"job {name}: missing label {WellKnownKeys.ReplicatedJobName}");
            }

            if (job.GetLabel(WellKnownKeys.JobIndex) is not { } indexText)
            {
                return (false, $"job {name}: missing label {WellKnownKeys.JobIndex}");
            }

            if (!TryParseInt(indexText, out var index))
            {
                return (false, $"job {name}: invalid value for label {WellKnownKeys.JobIndex}: \"{indexText}\", must be integer");
            }

            // Jobs made before the gate was on have no job-restart-attempt label: kept, as upstream.
            if (job.GetLabel(WellKnownKeys.JobRestartAttempt) is not { } attemptText)
            {
                return (false, null);
            }

            if (!TryParseInt(attemptText, out var attempt))
            {
                return (false, $"job {name}: invalid value for label {WellKnownKeys.JobRestartAttempt}: \"{attemptText}\", must be integer");
            }

            if (!cache.TryGetValue(rjobName, out var targets))
            {
                targets = JobRestarts.Get(jobSet, rjobName);
                cache[rjobName] = targets;
            }

            if (index < 0 || index >= targets.Count)
            {
                return (false, $"job {name}: job index {index} is out of bounds for replicated job {rjobName}");
            }

            return (attempt < targets[index], null);
        }
    }
}
