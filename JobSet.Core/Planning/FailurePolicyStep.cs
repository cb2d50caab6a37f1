using System.Globalization;
using System.Text;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// The failure policy, run when the current run has failed Jobs (upstream's executeFailurePolicy):
/// <list type="bullet">
/// <item>no policy: the JobSet fails (FailedJobs), naming the earliest failed Job;</item>
/// <item>rules are tried in order; a rule matches a failed Job by reason, message pattern and
/// target ReplicatedJob; the earliest-failed matching Job is the one acted on;</item>
/// <item>no rule matches: RestartJobSet on the earliest failed Job.</item>
/// </list>
/// </summary>
internal static class FailurePolicyStep
{
    private static readonly CompositeFormat RestartingReasonFormat = CompositeFormat.Parse(Reasons.RestartingFailurePolicyFormat);

    /// <summary>Applies the policy; returns an error when the action cannot be applied.</summary>
    public static string? Execute(ReconcileContext context, ChildJobs children)
    {
        var policy = context.JobSet.Spec.FailurePolicy;
        if (policy is null)
        {
            var first = FirstFailed(children.Failed);
            Conditions.SetFailed(context, Reasons.FailedJobs, WithFirstFailedJob(Messages.FailedJobs, first));
            return null;
        }

        var (rule, job) = FindRuleAndJob(policy.Rules ?? [], children.Failed);
        var action = rule?.Action ?? FailurePolicyAction.RestartJobSet;
        job ??= FirstFailed(children.Failed);
        return Apply(context, policy, rule, job, action);
    }

    /// <summary>The first rule with a matching failed Job, and that rule's earliest-failed matching Job.</summary>
    public static (V1alpha2FailurePolicyRule? Rule, V1Job? Job) FindRuleAndJob(IList<V1alpha2FailurePolicyRule> rules, IReadOnlyList<V1Job> failed)
    {
        var patterns = new FailureMessagePatterns();
        foreach (var rule in rules)
        {
            if (EarliestFailed(failed, (job, condition) => Applies(rule, job, condition, patterns)) is { } matched)
            {
                return (rule, matched);
            }
        }

        return (null, null);
    }

    /// <summary>Whether the rule applies to this failed Job (reasons, message patterns, target ReplicatedJobs).</summary>
    public static bool Applies(V1alpha2FailurePolicyRule rule, V1Job job, V1JobCondition failure, FailureMessagePatterns patterns)
    {
        if (rule.OnJobFailureReasons is { Count: > 0 } reasons && !reasons.Contains(failure.Reason ?? ""))
        {
            return false;
        }

        if (rule.OnJobFailureMessagePatterns is { Count: > 0 } messagePatterns && !patterns.AnyMatch(messagePatterns, failure.Message ?? ""))
        {
            return false;
        }

        if (job.GetLabel(WellKnownKeys.ReplicatedJobName) is not { Length: > 0 } parent)
        {
            return false;
        }

        return rule.TargetReplicatedJobs is not { Count: > 0 } targets || targets.Contains(parent);
    }

    /// <summary>The Job that failed first (ties: the first by name); null when none has a Failed condition.</summary>
    public static V1Job? FirstFailed(IReadOnlyList<V1Job> failed) => EarliestFailed(failed, static (_, _) => true);

    /// <summary>
    /// The Job with the earliest Failed condition among those <paramref name="accept"/> takes
    /// (ties: the first in list order); null when none.
    /// </summary>
    private static V1Job? EarliestFailed(IReadOnlyList<V1Job> failed, Func<V1Job, V1JobCondition, bool> accept)
    {
        V1Job? earliest = null;
        var earliestAt = DateTimeOffset.MinValue;
        foreach (var job in failed)
        {
            // A plain local, not `is not { } condition`: Stryker cannot compile a mutant of the latter.
            var condition = FailureCondition(job);
            if (condition is null)
            {
                continue;
            }

            var at = FailureTime(condition);
            if ((earliest is null || at < earliestAt) && accept(job, condition))
            {
                earliest = job;
                earliestAt = at;
            }
        }

        return earliest;
    }

    /// <summary>"&lt;message&gt; (first failed job: &lt;name&gt;)", as upstream words it.</summary>
    public static string WithFirstFailedJob(string message, V1Job? job) =>
        $"{message} (first failed job: {job?.Metadata.Name})";

    private static string? Apply(ReconcileContext context, V1alpha2FailurePolicy policy, V1alpha2FailurePolicyRule? rule, V1Job? job, string action)
    {
        switch (action)
        {
            case FailurePolicyAction.FailJobSet:
                Conditions.SetFailed(context, Reasons.FailJobSetAction, WithFirstFailedJob(Messages.FailJobSetAction, job));
                return null;

            case FailurePolicyAction.RestartJobSet:
                var total = JobRestarts.TotalCountTowardsMax(context.JobSet);
                if ((context.Gates.RestartJob && total >= policy.MaxRestarts) || context.Status.RestartsCountTowardsMax >= policy.MaxRestarts)
                {
                    Conditions.SetFailed(context, Reasons.ReachedMaxRestarts, WithFirstFailedJob(Messages.ReachedMaxRestarts, job));
                    return null;
                }

                RecreateAll(context, rule, job, countsTowardsMax: true, Reasons.RestartJobSetAction, Messages.RestartJobSetAction);
                return null;

            case FailurePolicyAction.RestartJobSetAndIgnoreMaxRestarts:
                RecreateAll(context, rule, job, countsTowardsMax: false, Reasons.RestartJobSetAndIgnoreMaxRestartsAction, Messages.RestartJobSetAndIgnoreMaxRestartsAction);
                return null;

            case FailurePolicyAction.RestartJob:
                if (!context.Gates.RestartJob)
                {
                    return "RestartJob failure policy action cannot be used when the feature gate RestartJob is disabled";
                }

                if (JobRestarts.TotalCountTowardsMax(context.JobSet) >= policy.MaxRestarts)
                {
                    Conditions.SetFailed(context, Reasons.ReachedMaxRestarts, WithFirstFailedJob(Messages.ReachedMaxRestarts, job));
                    return null;
                }

                return RecreateJob(context, job, countsTowardsMax: true, Reasons.RestartJobAction, Messages.RestartJobAction);

            case FailurePolicyAction.RestartJobAndIgnoreMaxRestarts:
                if (!context.Gates.RestartJob)
                {
                    return "RestartJobAndIgnoreMaxRestarts failure policy action cannot be used when the feature gate RestartJob is disabled";
                }

                return RecreateJob(context, job, countsTowardsMax: false, Reasons.RestartJobAndIgnoreMaxRestartsAction, Messages.RestartJobAndIgnoreMaxRestartsAction);

            default:
                return $"failed to find a corresponding action for the FailurePolicyRuleAction {action}";
        }
    }

    /// <summary>Restarts the whole JobSet: restarts + 1, RestartingJobSet True, the action's event.</summary>
    private static void RecreateAll(ReconcileContext context, V1alpha2FailurePolicyRule? rule, V1Job? job, bool countsTowardsMax, string eventReason, string eventMessage)
    {
        var message = WithFirstFailedJob(eventMessage, job);
        var reason = rule is null
            ? Reasons.RestartingDefaultFailurePolicy
            : string.Format(CultureInfo.InvariantCulture, RestartingReasonFormat, rule.Name);

        context.Status.Restarts++;
        if (countsTowardsMax)
        {
            context.Status.RestartsCountTowardsMax++;
        }

        context.StatusChanged = true;
        Conditions.Set(context, JobSetConditionType.Restarting, true, reason, message, EventType.Warning);
        context.Events.Add(new PlanEvent(EventType.Warning, eventReason, message));
    }

    /// <summary>Restarts one Job (RestartJob gate): its jobRestarts entry + 1, and the action's event.</summary>
    private static string? RecreateJob(ReconcileContext context, V1Job? job, bool countsTowardsMax, string eventReason, string eventMessage)
    {
        var name = job?.Metadata.Name;
        if (job?.GetLabel(WellKnownKeys.ReplicatedJobName) is not { } rjobName)
        {
            return $"failed job {name} missing {WellKnownKeys.ReplicatedJobName} label";
        }

        if (job.GetLabel(WellKnownKeys.JobIndex) is not { } indexText)
        {
            return $"failed job {name} missing {WellKnownKeys.JobIndex} label";
        }

        if (!ChildJobs.TryParseInt(indexText, out var index))
        {
            return $"failed job {name} has invalid {WellKnownKeys.JobIndex} label: {indexText}";
        }

        var restarts = JobRestarts.Get(context.JobSet, rjobName);
        if (index < 0 || index >= restarts.Count)
        {
            return $"failed job {name} has index {index} out of bounds for replicated job {rjobName} (replicas: {restarts.Count})";
        }

        var counted = countsTowardsMax ? JobRestarts.GetCountTowardsMax(context.JobSet, rjobName) : null;
        if (counted is not null && index >= counted.Count)
        {
            return $"failed job {name} has index {index} out of bounds for replicated job {rjobName} (replicas: {restarts.Count})";
        }

        restarts[index]++;
        var status = context.Status.ReplicatedJobsStatus?.FirstOrDefault(s => s.Name == rjobName);
        if (status is not null)
        {
            status.JobRestarts = restarts;
            if (counted is not null)
            {
                counted[index]++;
                status.JobRestartsCountTowardsMax = counted;
            }
        }

        context.StatusChanged = true;
        context.Events.Add(new PlanEvent(EventType.Warning, eventReason, WithFirstFailedJob(eventMessage, job)));
        return null;
    }

    private static V1JobCondition? FailureCondition(V1Job job) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True");

    private static DateTimeOffset FailureTime(V1JobCondition condition) =>
        condition.LastTransitionTime is { } t ? Times.Utc(t) : DateTimeOffset.MinValue;
}
