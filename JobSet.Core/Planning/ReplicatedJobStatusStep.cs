using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// <c>status.replicatedJobsStatus</c> from the current run's child Jobs, as upstream's
/// calculateReplicatedJobStatuses, from the counts <see cref="ReplicatedJobCounts"/> made while
/// the children were bucketed; whether it changed, and whether every Job is ready.
/// </summary>
internal static class ReplicatedJobStatusStep
{
    /// <summary>
    /// The counts per ReplicatedJob, ordered by name descending: upstream sorts both lists that
    /// way in place before comparing them, so that is the order it writes.
    /// </summary>
    public static List<V1alpha2ReplicatedJobStatus> Calculate(ReconcileContext context, ChildJobs children)
    {
        // Counted in ChildJobs.Select's pass; buckets filled by hand are counted now.
        var counts = children.Counts ?? ReplicatedJobCounts.Of(context.Layout, children);
        var byName = new Dictionary<string, V1alpha2ReplicatedJobStatus>(StringComparer.Ordinal);
        foreach (var rjob in context.Layout.ReplicatedJobs)
        {
            if (!byName.ContainsKey(rjob.Name))
            {
                byName[rjob.Name] = counts.Status(rjob.Name);
            }
        }

        if (context.Gates.RestartJob)
        {
            // Kept from the current status; the failure policy may change them later.
            foreach (var existing in context.Status.ReplicatedJobsStatus ?? [])
            {
                if (byName.TryGetValue(existing.Name, out var status) && status.JobRestarts is null)
                {
                    status.JobRestarts = existing.JobRestarts is null ? null : [.. existing.JobRestarts];
                    status.JobRestartsCountTowardsMax = existing.JobRestartsCountTowardsMax is null ? null : [.. existing.JobRestartsCountTowardsMax];
                }
            }
        }

        return Sorted(byName.Values);
    }

    /// <summary>Replaces the status's counts when they differ (upstream's updateReplicatedJobsStatuses).</summary>
    public static void Apply(ReconcileContext context, List<V1alpha2ReplicatedJobStatus> statuses)
    {
        var current = Sorted(context.Status.ReplicatedJobsStatus ?? []);
        if (context.Status.ReplicatedJobsStatus is not null)
        {
            context.Status.ReplicatedJobsStatus = current;
        }

        if (Equal(current, statuses))
        {
            return;
        }

        context.Status.ReplicatedJobsStatus = statuses;
        context.StatusChanged = true;
    }

    /// <summary>Semantic equality: same entries in the same order, null and empty lists alike.</summary>
    public static bool Equal(IReadOnlyList<V1alpha2ReplicatedJobStatus> a, IReadOnlyList<V1alpha2ReplicatedJobStatus> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x.Name != y.Name || x.Ready != y.Ready || x.Succeeded != y.Succeeded || x.Failed != y.Failed
                || x.Active != y.Active || x.Suspended != y.Suspended
                || !(x.JobRestarts ?? []).SequenceEqual(y.JobRestarts ?? [])
                || !(x.JobRestartsCountTowardsMax ?? []).SequenceEqual(y.JobRestartsCountTowardsMax ?? []))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether every Job is ready or succeeded (total replicas == sum of ready + succeeded).</summary>
    public static bool AllJobsReady(ReconcileContext context, IReadOnlyList<V1alpha2ReplicatedJobStatus> statuses) =>
        context.Layout.GlobalReplicas == statuses.Sum(s => s.Ready + s.Succeeded);

    private static List<V1alpha2ReplicatedJobStatus> Sorted(IEnumerable<V1alpha2ReplicatedJobStatus> statuses) =>
        [.. statuses.OrderByDescending(s => s.Name, StringComparer.Ordinal)];
}
