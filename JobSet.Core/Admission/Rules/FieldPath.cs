using System.Globalization;

namespace JobSet.Core.Admission.Rules;

/// <summary>Field paths in Kubernetes' notation: <c>spec.replicatedJobs[0].name</c>.</summary>
internal static class FieldPath
{
    /// <summary><c>spec.replicatedJobs[i]</c>.</summary>
    public static string ReplicatedJob(int index) => Index("spec.replicatedJobs", index);

    /// <summary><c>spec.failurePolicy.rules[i]</c>.</summary>
    public static string Rule(int index) => Index("spec.failurePolicy.rules", index);

    /// <summary><c>spec.volumeClaimPolicies[i]</c>.</summary>
    public static string VolumeClaimPolicy(int index) => Index("spec.volumeClaimPolicies", index);

    /// <summary><c>path[i]</c>.</summary>
    public static string Index(string path, int index) => $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";
}
