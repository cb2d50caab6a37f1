using System.Text.Json.Nodes;
using JobSet.Core.Planning;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Kubernetes.Controller;

/// <summary>
/// The controller's Job writes as patches of the fields a plan changes, built from
/// <see cref="JobChanges"/> (the JobSet's spec), never from the cached Job: the Job cache keeps
/// no pod template (<see cref="JobCacheTransform"/>), so a whole-object update from it would lose
/// the template. Where upstream writes with a full Update (suspend, resume, the startTime status
/// write before a resume), the patch carries the observed <c>metadata.resourceVersion</c>, which
/// the API server checks as a precondition (409 Conflict when the Job changed meanwhile), the same
/// optimistic concurrency; an elastic resize is a plain merge patch, as upstream's.
/// </summary>
internal static class JobPatches
{
    /// <summary>
    /// The patch for <paramref name="changes"/>: a JSON merge patch, or a strategic merge patch
    /// when the pod template changes (a resume), because only that can replace the node
    /// selector map and the scheduling-gate list (<c>$patch: replace</c>) while merging the
    /// labels and annotations.
    /// </summary>
    public static V1Patch Update(JobChanges changes, string? resourceVersion)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var spec = new JsonObject();
        if (changes.Suspend is { } suspend)
        {
            spec["suspend"] = suspend;
        }

        if (changes.Scales)
        {
            // null removes the field, as upstream's merge patch from a nil pointer does.
            spec["parallelism"] = changes.Parallelism;
            spec["completions"] = changes.Completions;
        }

        if (changes.Template is { } template)
        {
            var podMeta = new JsonObject();
            if (template.Labels is { Count: > 0 } labels)
            {
                podMeta["labels"] = Map(labels);
            }

            if (template.Annotations is { Count: > 0 } annotations)
            {
                podMeta["annotations"] = Map(annotations);
            }

            var podSpec = new JsonObject
            {
                ["nodeSelector"] = template.NodeSelector is { Count: > 0 } selector ? Map(selector, replace: true) : null,
                // No merge key in the API: a strategic merge patch replaces the list whole.
                ["tolerations"] = template.Tolerations is { Count: > 0 } tolerations ? KubeSerializer.ToNode(tolerations) : null,
                ["schedulingGates"] = template.SchedulingGates is { Count: > 0 } gates ? ReplacedList(gates) : null,
            };
            var pod = new JsonObject { ["spec"] = podSpec };
            if (podMeta.Count > 0)
            {
                pod["metadata"] = podMeta;
            }

            spec["template"] = pod;
        }

        var body = new JsonObject();
        if (changes.OnObservedVersion && resourceVersion is not null)
        {
            body["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion };
        }

        body["spec"] = spec;
        return new V1Patch(body.ToJsonString(), changes.Template is null ? V1Patch.PatchType.MergePatch : V1Patch.PatchType.StrategicMergePatch);
    }

    /// <summary>
    /// The status write before a resume (the only Job status write a plan makes): a merge patch of
    /// <c>status.startTime</c> alone, on the observed resourceVersion, as upstream's Status().Update.
    /// </summary>
    public static V1Patch StartTime(V1Job job, string? resourceVersion)
    {
        ArgumentNullException.ThrowIfNull(job);
        var body = new JsonObject();
        if (resourceVersion is not null)
        {
            body["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion };
        }

        var startTime = job.Status?.StartTime is { } start ? KubeSerializer.ToNode(new V1JobStatus { StartTime = start })["startTime"]?.DeepClone() : null;
        body["status"] = new JsonObject { ["startTime"] = startTime };
        return new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch);
    }

    private static JsonObject Map(IDictionary<string, string> map, bool replace = false)
    {
        var node = new JsonObject();
        if (replace)
        {
            node["$patch"] = "replace";
        }

        foreach (var (key, value) in map)
        {
            node[key] = value;
        }

        return node;
    }

    /// <summary>The list behind a <c>$patch: replace</c> directive, so the API server replaces its merge-keyed list whole.</summary>
    private static JsonArray ReplacedList(IEnumerable<V1PodSchedulingGate> items)
    {
        var node = new JsonArray { new JsonObject { ["$patch"] = "replace" } };
        foreach (var item in items)
        {
            node.Add(KubeSerializer.ToNode(item));
        }

        return node;
    }
}
