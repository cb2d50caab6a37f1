using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// The success policy: the JobSet completes when the succeeded Jobs of the target
/// ReplicatedJobs (all when none are named) reach the expected count: every replica of
/// every target for <c>All</c>, one Job for <c>Any</c>.
/// </summary>
internal static class SuccessPolicyStep
{
    /// <summary>Sets Completed when the policy is met; returns whether it was.</summary>
    public static bool Execute(ReconcileContext context, ChildJobs children)
    {
        if (Matching(context.JobSet, children) < Expected(context.JobSet))
        {
            return false;
        }

        Conditions.SetCompleted(context);
        return true;
    }

    /// <summary>How many succeeded Jobs belong to a target ReplicatedJob.</summary>
    public static int Matching(V1alpha2JobSet jobSet, ChildJobs children)
    {
        var targets = Targets(jobSet);
        return children.Succeeded.Count(job =>
            targets is null || targets.Contains(job.GetLabel(WellKnownKeys.ReplicatedJobName) ?? ""));
    }

    /// <summary>How many succeeded Jobs complete the JobSet (0 for an unknown operator, as upstream).</summary>
    public static int Expected(V1alpha2JobSet jobSet)
    {
        var policy = jobSet.Spec.SuccessPolicy;
        var op = policy?.Operator ?? SuccessOperator.All;
        if (op == SuccessOperator.Any)
        {
            return 1;
        }

        if (op != SuccessOperator.All)
        {
            return 0;
        }

        var targets = Targets(jobSet);
        return (jobSet.Spec.ReplicatedJobs ?? [])
            .Where(r => targets is null || targets.Contains(r.Name))
            .Sum(r => r.Replicas());
    }

    private static HashSet<string>? Targets(V1alpha2JobSet jobSet) =>
        jobSet.Spec.SuccessPolicy?.TargetReplicatedJobs is { Count: > 0 } names ? new HashSet<string>(names, StringComparer.Ordinal) : null;
}
