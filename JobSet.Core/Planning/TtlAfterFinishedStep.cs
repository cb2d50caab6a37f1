using JobSet.Core.Api;

namespace JobSet.Core.Planning;

/// <summary>
/// ttlSecondsAfterFinished: once the TTL since the Completed/Failed condition's transition has
/// passed, the JobSet itself is deleted (foreground); before that, look again when it expires.
/// </summary>
internal static class TtlAfterFinishedStep
{
    /// <summary>Plans the delete or the requeue; returns an error when the finish time is unknown.</summary>
    public static string? Execute(ReconcileContext context)
    {
        if (context.JobSet.Spec.TtlSecondsAfterFinished is not { } ttl)
        {
            return null;
        }

        var finished = (context.Status.Conditions ?? []).FirstOrDefault(c =>
            c.Type is JobSetConditionType.Completed or JobSetConditionType.Failed && c.Status == "True");
        if (finished is null)
        {
            return $"unable to find the status of the finished JobSet {context.Namespace}/{context.Name}";
        }

        // An unset time reads as year 1 (possibly shifted by a time zone on the way through the wire format).
        var finishedAt = finished.LastTransitionTime;
        if (finishedAt.Year <= 1)
        {
            return $"unable to find the time when the JobSet {context.Namespace}/{context.Name} finished";
        }

        var expireAt = Times.Utc(finishedAt).AddSeconds(ttl);
        var remaining = expireAt - context.Now;
        if (remaining <= TimeSpan.Zero)
        {
            context.Delete(context.JobSet);
        }
        else
        {
            context.RequeueAfter = remaining;
        }

        return null;
    }
}
