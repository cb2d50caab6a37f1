using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>batch/v1 Job condition types, reasons and messages, and how conditions are set.</summary>
internal static class JobConditions
{
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string SuccessCriteriaMet = "SuccessCriteriaMet";
    public const string FailureTarget = "FailureTarget";
    public const string Suspended = "Suspended";

    public const string CompletionsReached = "CompletionsReached";
    public const string BackoffLimitExceeded = "BackoffLimitExceeded";
    public const string DeadlineExceeded = "DeadlineExceeded";
    public const string PodFailurePolicy = "PodFailurePolicy";
    public const string JobSuspended = "JobSuspended";
    public const string JobResumed = "JobResumed";

    public const string CompletionsReachedMessage = "Reached expected number of succeeded pods";
    public const string BackoffLimitExceededMessage = "Job has reached the specified backoff limit";
    public const string DeadlineExceededMessage = "Job was active longer than specified deadline";

    /// <summary>The condition of the type, or null.</summary>
    public static V1JobCondition? Find(V1JobStatus status, string type) =>
        status.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Whether the condition of the type is True.</summary>
    public static bool IsTrue(V1JobStatus status, string type) => Find(status, type)?.Status == "True";

    /// <summary>Adds or updates a condition (<see cref="ConditionList"/>); the probe time moves with the transition time.</summary>
    public static void Set(V1JobStatus status, string type, string value, string reason, string message, DateTime now)
    {
        var condition = ConditionList.Upsert(status.Conditions ??= [], c => c.Type == type, () => new V1JobCondition { Type = type }, c => c.Status, value, out var transitioned);
        (condition.Status, condition.Reason, condition.Message) = (value, reason, message);
        condition.LastTransitionTime = transitioned ? now : condition.LastTransitionTime;
        condition.LastProbeTime = transitioned ? now : condition.LastProbeTime;
    }
}
