using System.Globalization;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// The parts of a JobSet the planner cannot do without. The API server never stores a JobSet
/// lacking them, but a hand-written manifest (or a caller's object) can: such input gets a
/// one-line error naming the field instead of an exception (or Jobs named <c>-rjob-0</c>).
/// The steps after it read these parts without fallbacks (the <c>NameOf</c> overloads).
/// </summary>
internal static class InputCheckStep
{
    /// <summary>The first missing required part, or null when the JobSet can be planned.</summary>
    public static string? Problem(V1alpha2JobSet jobSet)
    {
        if (jobSet.Metadata is null)
        {
            return "metadata: required";
        }

        // The Jobs', Service's and claims' names and the jobset-name label are built from it.
        if (string.IsNullOrEmpty(jobSet.Metadata.Name))
        {
            return "metadata.name: required";
        }

        if (jobSet.Spec is null)
        {
            return "spec: required";
        }

        var rjobs = jobSet.Spec.ReplicatedJobs ?? [];
        for (var i = 0; i < rjobs.Count; i++)
        {
            if (rjobs[i] is null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"spec.replicatedJobs[{i}]: required");
            }

            if (rjobs[i].Template is null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"spec.replicatedJobs[{i}].template: required");
            }
        }

        var policies = jobSet.Spec.VolumeClaimPolicies ?? [];
        for (var i = 0; i < policies.Count; i++)
        {
            if (policies[i] is null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"spec.volumeClaimPolicies[{i}]: required");
            }

            // A claim's name and the Jobs' volume name are built from the template's name.
            var templates = policies[i].Templates ?? [];
            for (var j = 0; j < templates.Count; j++)
            {
                if (string.IsNullOrEmpty(templates[j]?.Metadata?.Name))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"spec.volumeClaimPolicies[{i}].templates[{j}].metadata.name: required");
                }
            }
        }

        return null;
    }

    /// <summary>metadata.name of a JobSet that passed <see cref="Problem"/>: never null or empty.</summary>
    public static string NameOf(V1alpha2JobSet jobSet) => jobSet.Metadata.Name!;

    /// <summary>metadata.name of a claim template of a JobSet that passed <see cref="Problem"/>: never null or empty.</summary>
    public static string NameOf(V1PersistentVolumeClaim template) => template.Metadata.Name!;
}
