using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>Small facts about pods the simulated components share.</summary>
internal static class PodStatusFacts
{
    /// <summary>The finalizer with which the Job controller tracks pods until it has counted them.</summary>
    public const string JobTrackingFinalizer = "batch.kubernetes.io/job-tracking";

    /// <summary>Whether the pod's Ready condition is True.</summary>
    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>The pod's completion index, or -1 when it has none.</summary>
    public static int CompletionIndex(V1Pod pod)
    {
        var text = pod.GetAnnotation(JobSet.Core.Api.WellKnownKeys.JobCompletionIndex)
            ?? pod.GetLabel(JobSet.Core.Api.WellKnownKeys.JobCompletionIndex);
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : -1;
    }

    /// <summary>The controller owner reference of the pod, when it is a Job.</summary>
    public static V1OwnerReference? OwningJob(V1Pod pod) =>
        pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == "Job" && o.ApiVersion == "batch/v1");

    /// <summary>Sets (adds or replaces) a pod condition (<see cref="ConditionList"/>).</summary>
    public static void SetCondition(V1PodStatus status, string type, string value, string? reason, string? message, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var condition = ConditionList.Upsert(status.Conditions ??= [], c => c.Type == type, () => new V1PodCondition { Type = type }, c => c.Status, value, out var transitioned);
        (condition.Status, condition.Reason, condition.Message) = (value, reason, message);
        condition.LastTransitionTime = transitioned ? now : condition.LastTransitionTime;
    }
}
