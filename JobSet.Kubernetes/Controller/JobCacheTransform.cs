using System.Collections.Concurrent;
using k8s.Models;

namespace JobSet.Kubernetes.Controller;

/// <summary>
/// The Job cache's transform: keeps what the controller reads of a child Job and drops the
/// rest. Kept: the metadata (without <c>managedFields</c>, as every informer drops them), the
/// whole status, and of the spec only <c>suspend</c>, <c>parallelism</c> and <c>completions</c>,
/// the fields the planner reads. Dropped: the pod template (about half of a Job's JSON: its
/// labels and annotations repeat the Job's) and the rest of the spec (selector, completion mode,
/// backoff limit, ...). Nothing is written back from the cache: the controller's Job writes are
/// patches built from the JobSet's spec (<see cref="JobPatches"/>). The strings of the Job's
/// label and annotation maps, which repeat the same keys and mostly the same values, are
/// shared: keys and the values of the JobSet-wide labels come from one pool, and an annotation
/// equal to the Job's own label of that key is that same string.
/// </summary>
internal static class JobCacheTransform
{
    /// <summary>Labels whose value every Job of a JobSet (or of a ReplicatedJob) shares: pooled.</summary>
    private static readonly HashSet<string> SharedValueKeys = new(StringComparer.Ordinal)
    {
        Core.Api.WellKnownKeys.JobSetName,
        Core.Api.WellKnownKeys.JobSetUid,
        Core.Api.WellKnownKeys.ReplicatedJobName,
        Core.Api.WellKnownKeys.ReplicatedJobReplicas,
        Core.Api.WellKnownKeys.GlobalReplicas,
        Core.Api.WellKnownKeys.GroupName,
        Core.Api.WellKnownKeys.GroupReplicas,
        Core.Api.WellKnownKeys.RestartAttempt,
    };

    /// <summary>The pool's bound: keys and JobSet-wide values are few; beyond this, strings are kept as they are.</summary>
    private const int MaxPooled = 10_000;

    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    public static void Apply(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var meta = job.Metadata;
        if (meta is null)
        {
            return;
        }

        meta.ManagedFields = null;
        var own = meta.Labels = Share(meta.Labels, null);
        meta.Annotations = Share(meta.Annotations, own);
        if (job.Spec is { } spec)
        {
            job.Spec = new V1JobSpec { Suspend = spec.Suspend, Parallelism = spec.Parallelism, Completions = spec.Completions };
        }
    }

    /// <summary>A map with the same entries whose strings are pooled or taken from <paramref name="own"/>.</summary>
    private static IDictionary<string, string>? Share(IDictionary<string, string>? map, IDictionary<string, string>? own)
    {
        if (map is null || map.Count == 0)
        {
            return map;
        }

        var shared = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            var pooledKey = Pooled(key);
            var pooledValue = SharedValueKeys.Contains(key) ? Pooled(value)
                : own is not null && own.TryGetValue(key, out var same) && same == value ? same
                : value;
            shared[pooledKey] = pooledValue;
        }

        return shared;
    }

    private static string Pooled(string text) =>
        Pool.TryGetValue(text, out var pooled) ? pooled
        : Pool.Count < MaxPooled ? Pool.GetOrAdd(text, text)
        : text;
}
