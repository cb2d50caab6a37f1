using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Tests.Placement;

/// <summary>
/// Pods and nodes shaped as the Job controller and a cluster create them for JobSet
/// <c>js</c>, ReplicatedJob <c>rjob</c>, Job index 0, with exclusive placement per zone.
/// Every modifier returns the same pod so that cases read as one expression.
/// </summary>
internal static class TestPods
{
    public const string Zone = "topology.kubernetes.io/zone";
    public const string JobUid = "job-uid-1";
    public const string JobKey = "job-key-0";
    public const string LeaderName = "js-rjob-0-0-x7k2p";

    public static V1Pod Leader() => Member(0, LeaderName);

    public static V1Pod Follower(int completionIndex = 1) => Member(completionIndex, $"js-rjob-0-{completionIndex}-f{completionIndex}q9z");

    /// <summary>A pod of no JobSet, with a priority (which must not be recorded).</summary>
    public static V1Pod Plain() => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Priority = 100, Containers = [new V1Container { Name = "main", Image = "nginx" }] },
    };

    public static V1Node Node(string name, string? zone) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = zone is null
                ? new Dictionary<string, string> { ["kubernetes.io/hostname"] = name }
                : new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, [Zone] = zone },
        },
    };

    /// <summary>A label, annotation or selector value, null when the map or the key is absent.</summary>
    public static string? ValueOf(this IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;

    public static V1Pod On(this V1Pod pod, string nodeName)
    {
        pod.Spec.NodeName = nodeName;
        return pod;
    }

    public static V1Pod OwnedBy(this V1Pod pod, string? uid)
    {
        pod.Metadata.OwnerReferences = uid is null
            ? null
            : [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "js-rjob-0", Uid = uid, Controller = true, BlockOwnerDeletion = true }];
        return pod;
    }

    public static V1Pod Deleting(this V1Pod pod)
    {
        pod.Metadata.DeletionTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return pod;
    }

    public static V1Pod InPhase(this V1Pod pod, string phase)
    {
        pod.Status = new V1PodStatus { Phase = phase };
        return pod;
    }

    public static V1Pod InNamespace(this V1Pod pod, string ns)
    {
        pod.Metadata.NamespaceProperty = ns;
        return pod;
    }

    public static V1Pod WithPriority(this V1Pod pod, int? priority)
    {
        pod.Spec.Priority = priority;
        return pod;
    }

    public static V1Pod Selecting(this V1Pod pod, string key, string value)
    {
        pod.Spec.NodeSelector ??= new Dictionary<string, string>();
        pod.Spec.NodeSelector[key] = value;
        return pod;
    }

    public static V1Pod WithEmptyNodeSelector(this V1Pod pod)
    {
        pod.Spec.NodeSelector = new Dictionary<string, string>();
        return pod;
    }

    public static V1Pod WithAnnotation(this V1Pod pod, string key, string value)
    {
        pod.Metadata.Annotations[key] = value;
        return pod;
    }

    public static V1Pod WithoutAnnotation(this V1Pod pod, string key)
    {
        pod.Metadata.Annotations.Remove(key);
        return pod;
    }

    public static V1Pod WithLabel(this V1Pod pod, string key, string value)
    {
        pod.Metadata.Labels[key] = value;
        return pod;
    }

    public static V1Pod WithoutLabel(this V1Pod pod, string key)
    {
        pod.Metadata.Labels.Remove(key);
        return pod;
    }

    public static V1Pod Named(this V1Pod pod, string name)
    {
        pod.Metadata.Name = name;
        return pod;
    }

    public static V1Pod WithCondition(this V1Pod pod, string type, string status)
    {
        pod.Status ??= new V1PodStatus { Phase = "Running" };
        pod.Status.Conditions = [new V1PodCondition { Type = type, Status = status, Reason = "Earlier" }];
        return pod;
    }

    private static V1Pod Member(int completionIndex, string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Labels = new Dictionary<string, string>
            {
                [WellKnownKeys.JobSetName] = "js",
                [WellKnownKeys.ReplicatedJobName] = "rjob",
                [WellKnownKeys.JobIndex] = "0",
                [WellKnownKeys.JobKey] = JobKey,
            },
            Annotations = new Dictionary<string, string>
            {
                [WellKnownKeys.JobSetName] = "js",
                [WellKnownKeys.ExclusiveTopology] = Zone,
                [WellKnownKeys.JobCompletionIndex] = completionIndex.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "js-rjob-0", Uid = JobUid, Controller = true, BlockOwnerDeletion = true }],
        },
        Spec = new V1PodSpec { Priority = 100, Containers = [new V1Container { Name = "main", Image = "busybox" }] },
    };
}
