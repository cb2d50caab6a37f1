using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// Upstream's condition transition rules (updateCondition/setCondition):
/// <list type="bullet">
/// <item>same type, different status: replaced, lastTransitionTime = now;</item>
/// <item>same type and status, different reason or message: replaced, lastTransitionTime kept;</item>
/// <item>identical: nothing happens (no status write, no event);</item>
/// <item>StartupPolicyInProgress and StartupPolicyCompleted are mutually exclusive: setting one
/// True turns the other (if True) False in place;</item>
/// <item>a condition that does not exist yet is added only when True.</item>
/// </list>
/// Every change queues an event with the condition's reason and message.
/// </summary>
internal static class Conditions
{
    /// <summary>Applies the rules; returns whether the status changed.</summary>
    public static bool Update(V1alpha2JobSetStatus status, V1Condition condition)
    {
        var conditions = status.Conditions;
        if (conditions is null)
        {
            if (condition.Status != "True")
            {
                return false;
            }

            conditions = status.Conditions = [];
        }

        var found = false;
        var changed = false;
        for (var i = 0; i < conditions.Count; i++)
        {
            var current = conditions[i];
            if (current.Type == condition.Type)
            {
                if (current.Status != condition.Status)
                {
                    conditions[i] = Copy(condition, condition.LastTransitionTime);
                    changed = true;
                }
                else if (current.Reason != condition.Reason || current.Message != condition.Message)
                {
                    conditions[i] = Copy(condition, current.LastTransitionTime);
                    changed = true;
                }

                found = true;
            }
            else if (Exclusive(current.Type, condition.Type) && current.Status == "True" && condition.Status == "True")
            {
                current.Status = "False";
                changed = true;
            }
        }

        if (!found && condition.Status == "True")
        {
            conditions.Add(Copy(condition, condition.LastTransitionTime));
            changed = true;
        }

        return changed;
    }

    /// <summary>Sets a condition; on change marks the status for writing and queues its event.</summary>
    public static void Set(ReconcileContext context, string type, bool status, string reason, string message, string eventType)
    {
        var condition = new V1Condition
        {
            Type = type,
            Status = status ? "True" : "False",
            Reason = reason,
            Message = message,
            LastTransitionTime = context.NowSeconds,
        };
        if (!Update(context.Status, condition))
        {
            return;
        }

        context.StatusChanged = true;
        context.Events.Add(new PlanEvent(eventType, reason, message));
    }

    /// <summary>Whether a Completed or Failed condition is True.</summary>
    public static bool Finished(V1alpha2JobSetStatus? status) =>
        (status?.Conditions ?? []).Any(c => c.Type is JobSetConditionType.Completed or JobSetConditionType.Failed && c.Status == "True");

    /// <summary>RestartingJobSet False with a reason (it is never added False, only turned False).</summary>
    public static void SetRestartingFalse(ReconcileContext context, string reason, string message) =>
        Set(context, JobSetConditionType.Restarting, false, reason, message, EventType.Normal);

    /// <summary>Completed True, RestartingJobSet False, terminalState Completed.</summary>
    public static void SetCompleted(ReconcileContext context)
    {
        Set(context, JobSetConditionType.Completed, true, Reasons.AllJobsCompleted, Messages.AllJobsCompleted, EventType.Normal);
        SetRestartingFalse(context, Reasons.RestartingJobSetCompleted, Messages.AllJobsCompleted);
        context.Status.TerminalState = TerminalState.Completed;
    }

    /// <summary>Failed True, RestartingJobSet False, terminalState Failed.</summary>
    public static void SetFailed(ReconcileContext context, string reason, string message)
    {
        Set(context, JobSetConditionType.Failed, true, reason, message, EventType.Warning);
        SetRestartingFalse(context, Reasons.RestartingJobSetFailed, Messages.RestartingJobSetFailed);
        context.Status.TerminalState = TerminalState.Failed;
    }

    private static bool Exclusive(string a, string b) =>
        (a == JobSetConditionType.StartupPolicyInProgress && b == JobSetConditionType.StartupPolicyCompleted)
        || (a == JobSetConditionType.StartupPolicyCompleted && b == JobSetConditionType.StartupPolicyInProgress);

    private static V1Condition Copy(V1Condition c, DateTime lastTransitionTime) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        ObservedGeneration = c.ObservedGeneration,
        LastTransitionTime = lastTransitionTime,
    };
}
