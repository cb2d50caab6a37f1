using System.Globalization;
using JobSet.Core.Api;

namespace JobSet.Core.Planning;

/// <summary>
/// The parts of a JobSet the planner cannot do without. The API server never stores a JobSet
/// lacking them, but a hand-written manifest (or a caller's object) can: such input gets a
/// one-line error naming the field instead of an exception.
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

        return null;
    }
}
