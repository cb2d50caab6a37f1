using System.Globalization;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Core.Placement;

/// <summary>
/// What exclusive placement reads from a pod. Upstream identifies a JobSet pod by the
/// jobset-name annotation, a leader by the completion-index annotation, and the topology
/// key by the pod's exclusive-topology annotation; labels are only used for names and keys.
/// </summary>
public static class PodFacts
{
    /// <summary>Whether the pod belongs to a JobSet (it carries the jobset-name annotation).</summary>
    public static bool IsJobSetPod(V1Pod pod) => HasAnnotation(pod, WellKnownKeys.JobSetName);

    /// <summary>Whether the pod's JobSet uses the node-selector strategy (the annotation is present, whatever its value).</summary>
    public static bool UsesNodeSelectorStrategy(V1Pod pod) => HasAnnotation(pod, WellKnownKeys.NodeSelectorStrategy);

    /// <summary>The node label key of the pod's exclusive topology, or null when the pod does not use exclusive placement.</summary>
    public static string? ExclusiveTopologyKey(V1Pod pod) => pod.GetAnnotation(WellKnownKeys.ExclusiveTopology);

    /// <summary>Whether the pod is its Job's leader: completion index annotation exactly <c>0</c>.</summary>
    public static bool IsLeader(V1Pod pod) => pod.GetAnnotation(WellKnownKeys.JobCompletionIndex) == "0";

    /// <summary>Whether the scheduler has bound the pod to a node.</summary>
    public static bool IsScheduled(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName);

    /// <summary>Whether the pod is being deleted.</summary>
    public static bool IsDeleted(V1Pod pod) => pod.Metadata?.DeletionTimestamp is not null;

    /// <summary>Whether the pod has finished (phase Succeeded or Failed).</summary>
    public static bool IsFinished(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>The UID of the pod's controlling owner (the first owner reference with controller true), or null.</summary>
    public static string? ControllerUid(V1Pod pod) => Controller(pod)?.Uid;

    /// <summary>The pod's controlling owner reference (the first with controller true), or null.</summary>
    public static V1OwnerReference? Controller(V1Pod pod) =>
        pod.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true);

    /// <summary>The pod's priority as upstream records it in the priority label, or null when the pod has none.</summary>
    public static string? PriorityLabelValue(V1Pod pod) =>
        pod.Spec?.Priority is { } priority ? priority.ToString(CultureInfo.InvariantCulture) : null;

    private static bool HasAnnotation(V1Pod pod, string key) =>
        pod.Metadata?.Annotations?.ContainsKey(key) == true;
}
