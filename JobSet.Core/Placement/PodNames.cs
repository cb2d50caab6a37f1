using JobSet.Core.Api;
using k8s.Models;
using OneOf;

namespace JobSet.Core.Placement;

/// <summary>
/// Pod names as exclusive placement sees them: a JobSet pod is named
/// <c>&lt;jobset&gt;-&lt;replicatedJob&gt;-&lt;jobIndex&gt;-&lt;podIndex&gt;-&lt;random suffix&gt;</c>, so the
/// leader of a Job can be found by name once the random suffix is dropped.
/// </summary>
public static class PodNames
{
    /// <summary>The name without random suffix of the pod with the given indexes.</summary>
    public static string Generate(string jobSet, string replicatedJob, string jobIndex, string podIndex) =>
        $"{jobSet}-{replicatedJob}-{jobIndex}-{podIndex}";

    /// <summary>
    /// The leader's name without suffix, <c>&lt;jobset&gt;-&lt;rjob&gt;-&lt;jobIndex&gt;-0</c>, from the
    /// follower's labels; a missing label is a denial naming it.
    /// </summary>
    public static OneOf<string, PlacementDenial> LeaderOf(V1Pod follower)
    {
        ArgumentNullException.ThrowIfNull(follower);
        string[] keys = [WellKnownKeys.JobSetName, WellKnownKeys.ReplicatedJobName, WellKnownKeys.JobIndex];
        var values = new string[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var value = follower.GetLabel(keys[i]);
            if (value is null)
            {
                return new PlacementDenial($"pod missing label: {keys[i]}");
            }

            values[i] = value;
        }

        return Generate(values[0], values[1], values[2], "0");
    }

    /// <summary>
    /// The name with its last dash-separated part (the random suffix) removed, or null when
    /// the name has fewer than five parts and so cannot be a JobSet pod's name.
    /// </summary>
    public static string? WithoutRandomSuffix(string? podName)
    {
        if (string.IsNullOrEmpty(podName))
        {
            return null;
        }

        var parts = podName.Split('-');
        return parts.Length < 5 ? null : podName[..podName.LastIndexOf('-')];
    }
}
