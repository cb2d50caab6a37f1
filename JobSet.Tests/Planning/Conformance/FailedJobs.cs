using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>Failed child Jobs, as the conformance tables need them.</summary>
internal static class FailedJobs
{
    public static readonly DateTime T = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A Job with a Failed=True condition at <paramref name="failedAt"/>; no labels unless a ReplicatedJob is named.</summary>
    public static V1Job Make(string name, DateTime? failedAt, string? rjob = "rj", string reason = "BackoffLimitExceeded", string message = "Job has reached the specified backoff limit", int index = 0)
    {
        var labels = new Dictionary<string, string>();
        if (rjob is not null)
        {
            labels[WellKnownKeys.ReplicatedJobName] = rjob;
            labels[WellKnownKeys.JobIndex] = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new V1Job
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Status = failedAt is null
                ? new V1JobStatus()
                : new V1JobStatus { Conditions = [new V1JobCondition { Type = "Failed", Status = "True", Reason = reason, Message = message, LastTransitionTime = failedAt }] },
        };
    }
}
