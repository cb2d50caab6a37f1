using System.Globalization;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// The JobSet's child Jobs, bucketed as upstream's getChildJobs does: Jobs of the current run
/// (restart-attempt label equal to <c>status.restarts</c> and, with RestartJob, job-restart-attempt
/// at its target) are active, succeeded or failed; older ones are "previous" and get deleted.
/// Every bucket is sorted by name so that plans are deterministic.
/// </summary>
internal sealed class ChildJobs
{
    public List<V1Job> Active { get; } = [];

    public List<V1Job> Succeeded { get; } = [];

    public List<V1Job> Failed { get; } = [];

    public List<V1Job> Previous { get; } = [];

    /// <summary>Names of every child in any bucket: a Job is never created twice (O(1) lookups).</summary>
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Selects and buckets the children. A malformed label stops the reconcile with an error,
    /// as upstream returns one; the message names the Job and the label.
    /// </summary>
    public static (ChildJobs? Children, string? Error) Select(V1alpha2JobSet jobSet, IReadOnlyList<V1Job> observed, FeatureGates gates)
    {
        var uid = jobSet.Metadata.Uid;
        var ns = jobSet.NamespaceOrDefault();
        var owned = observed
            .Where(job => (job.Metadata?.NamespaceProperty ?? ns) == ns && IsControlledBy(job, uid))
            .OrderBy(job => job.Metadata.Name, StringComparer.Ordinal)
            .ToList();

        var restarts = jobSet.Status?.Restarts ?? 0;
        var targets = gates.RestartJob ? new JobRestartTargets(jobSet) : null;
        var children = new ChildJobs();
        foreach (var job in owned)
        {
            var name = job.Metadata.Name ?? "";
            children.Names.Add(name);
            var attemptText = job.GetLabel(WellKnownKeys.RestartAttempt);
            if (!TryParseInt(attemptText, out var attempt))
            {
                return (null, $"job {name}: invalid value for label {WellKnownKeys.RestartAttempt}: \"{attemptText}\", must be integer");
            }

            if (attempt < restarts)
            {
                children.Previous.Add(job);
                continue;
            }

            if (targets is not null)
            {
                var (isPrevious, error) = targets.IsPrevious(job);
                if (error is not null)
                {
                    return (null, error);
                }

                if (isPrevious)
                {
                    children.Previous.Add(job);
                    continue;
                }
            }

            switch (FinishedType(job))
            {
                case "Failed": children.Failed.Add(job); break;
                case "Complete": children.Succeeded.Add(job); break;
                default: children.Active.Add(job); break;
            }
        }

        return (children, null);
    }

    /// <summary>Whether the Job's controller owner reference is this JobSet (apiVersion, kind and UID).</summary>
    public static bool IsControlledBy(V1Job job, string? uid) =>
        uid is not null && (job.Metadata?.OwnerReferences ?? []).Any(o =>
            o is not null && o.Controller == true && o.Uid == uid && o.Kind == ApiGroup.JobSetKind && o.ApiVersion == ApiGroup.ApiVersion);

    /// <summary><c>Complete</c> or <c>Failed</c> when that Job condition is True; null while the Job runs.</summary>
    public static string? FinishedType(V1Job job) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == "True")?.Type;

    /// <summary>Parses a decimal label value as Go's strconv.Atoi does (optional sign, digits only).</summary>
    public static bool TryParseInt(string? text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>The per-Job restart targets of the RestartJob gate, read once per ReplicatedJob.</summary>
    private sealed class JobRestartTargets(V1alpha2JobSet jobSet)
    {
        private readonly Dictionary<string, IList<int>> _cache = new(StringComparer.Ordinal);

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

            if (!_cache.TryGetValue(rjobName, out var targets))
            {
                targets = JobRestarts.Get(jobSet, rjobName);
                _cache[rjobName] = targets;
            }

            if (index < 0 || index >= targets.Count)
            {
                return (false, $"job {name}: job index {index} is out of bounds for replicated job {rjobName}");
            }

            return (attempt < targets[index], null);
        }
    }
}
