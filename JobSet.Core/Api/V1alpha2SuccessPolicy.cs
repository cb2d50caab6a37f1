using System.Text.Json.Serialization;

namespace JobSet.Core.Api;

/// <summary>When a JobSet counts as completed.</summary>
public sealed class V1alpha2SuccessPolicy
{
    /// <summary><see cref="SuccessOperator.All"/> or <see cref="SuccessOperator.Any"/> of the target Jobs must complete.</summary>
    [JsonPropertyName("operator")]
    public string Operator { get; set; } = "";

    /// <summary>The ReplicatedJobs whose Jobs count; empty means all.</summary>
    [JsonPropertyName("targetReplicatedJobs")]
    public IList<string>? TargetReplicatedJobs { get; set; }
}

/// <summary>Values of <see cref="V1alpha2SuccessPolicy.Operator"/>.</summary>
public static class SuccessOperator
{
    /// <summary>Every target Job must complete.</summary>
    public const string All = "All";

    /// <summary>One target Job completing is enough.</summary>
    public const string Any = "Any";
}
