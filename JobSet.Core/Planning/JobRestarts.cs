using JobSet.Core.Api;

namespace JobSet.Core.Planning;

/// <summary>
/// The per-Job restart arrays of the RestartJob gate (<c>jobRestarts</c>,
/// <c>jobRestartsCountTowardsMax</c> of each ReplicatedJob's status), read as upstream does:
/// missing or empty arrays mean zeros, one per replica.
/// </summary>
internal static class JobRestarts
{
    /// <summary>A copy of the ReplicatedJob's jobRestarts (zeros when absent).</summary>
    public static List<int> Get(V1alpha2JobSet jobSet, string replicatedJobName) =>
        Read(jobSet, replicatedJobName, s => s.JobRestarts);

    /// <summary>A copy of the ReplicatedJob's jobRestartsCountTowardsMax (zeros when absent).</summary>
    public static List<int> GetCountTowardsMax(V1alpha2JobSet jobSet, string replicatedJobName) =>
        Read(jobSet, replicatedJobName, s => s.JobRestartsCountTowardsMax);

    /// <summary>All JobSet restarts plus all per-Job restarts that count towards maxRestarts.</summary>
    public static int TotalCountTowardsMax(V1alpha2JobSet jobSet)
    {
        var status = jobSet.Status;
        var total = status?.RestartsCountTowardsMax ?? 0;
        foreach (var rjob in status?.ReplicatedJobsStatus ?? [])
        {
            total += (rjob.JobRestartsCountTowardsMax ?? []).Sum();
        }

        return total;
    }

    private static List<int> Read(V1alpha2JobSet jobSet, string replicatedJobName, Func<V1alpha2ReplicatedJobStatus, IList<int>?> select)
    {
        var status = jobSet.Status?.ReplicatedJobsStatus?.FirstOrDefault(s => s.Name == replicatedJobName);
        if (status is not null && select(status) is { Count: > 0 } values)
        {
            return [.. values];
        }

        var replicas = jobSet.Spec.ReplicatedJobs?.FirstOrDefault(r => r.Name == replicatedJobName) is { } rjob
            ? rjob.Replicas()
            : 0;
        return [.. new int[replicas]];
    }
}
