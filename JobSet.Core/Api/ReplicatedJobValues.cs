
namespace JobSet.Core.Api;

/// <summary>Values of a ReplicatedJob read the way upstream's Go structs see them (absent pointers and zero values).</summary>
internal static class ReplicatedJobValues
{
    /// <summary>The replicas (the schema defaults an absent value to 1).</summary>
    public static int Replicas(this V1alpha2ReplicatedJob rjob) => rjob.Replicas ?? 1;

    /// <summary>Whether the Job template uses Indexed completion.</summary>
    public static bool IsIndexed(this V1alpha2ReplicatedJob rjob) => rjob.Template?.Spec?.CompletionMode == "Indexed";

    /// <summary>The template's completions, if set.</summary>
    public static int? Completions(this V1alpha2ReplicatedJob rjob) => rjob.Template?.Spec?.Completions;

    /// <summary>The template's parallelism, if set.</summary>
    public static int? Parallelism(this V1alpha2ReplicatedJob rjob) => rjob.Template?.Spec?.Parallelism;

    /// <summary>The pod spec of the template, if any.</summary>
    public static k8s.Models.V1PodSpec? PodSpec(this V1alpha2ReplicatedJob rjob) => rjob.Template?.Spec?.Template?.Spec;
}
