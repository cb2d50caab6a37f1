using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Kubernetes.Controller;

/// <summary>A one-word summary of a JobSet's status, for the live view and transition logs.</summary>
public static class JobSetPhase
{
    /// <summary>
    /// <c>Completed</c>, <c>Failed</c>, <c>Suspended</c>, <c>Restarting</c>, <c>Running</c> (every
    /// Job ready) or <c>Starting</c>.
    /// </summary>
    public static string Of(V1alpha2JobSet jobSet)
    {
        ArgumentNullException.ThrowIfNull(jobSet);
        var conditions = jobSet.Status?.Conditions ?? [];
        if (IsTrue(conditions, JobSetConditionType.Completed))
        {
            return "Completed";
        }

        if (IsTrue(conditions, JobSetConditionType.Failed))
        {
            return "Failed";
        }

        if (jobSet.Spec?.Suspend == true)
        {
            return "Suspended";
        }

        if (IsTrue(conditions, JobSetConditionType.Restarting))
        {
            return "Restarting";
        }

        return AllReady(jobSet) ? "Running" : "Starting";
    }

    /// <summary>Jobs ready (or succeeded) and Jobs in all, from the status.</summary>
    public static (int Ready, int Total) JobCounts(V1alpha2JobSet jobSet)
    {
        ArgumentNullException.ThrowIfNull(jobSet);
        var total = 0;
        foreach (var rjob in jobSet.Spec?.ReplicatedJobs ?? [])
        {
            total += rjob.Replicas ?? 1;
        }

        var ready = 0;
        foreach (var status in jobSet.Status?.ReplicatedJobsStatus ?? [])
        {
            ready += status.Ready + status.Succeeded;
        }

        return (Math.Min(ready, total), total);
    }

    /// <summary>Every Job of every ReplicatedJob is ready or succeeded.</summary>
    public static bool AllReady(V1alpha2JobSet jobSet)
    {
        var (ready, total) = JobCounts(jobSet);
        return total > 0 && ready >= total;
    }

    private static bool IsTrue(IList<V1Condition> conditions, string type)
    {
        foreach (var condition in conditions)
        {
            if (condition?.Type == type)
            {
                return condition.Status == "True";
            }
        }

        return false;
    }
}
