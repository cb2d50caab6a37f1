using System.Text.Json.Serialization;

namespace JobSet.Core.Api;

/// <summary>A dependency of one ReplicatedJob on an earlier one.</summary>
public sealed class V1alpha2DependsOn
{
    /// <summary>The ReplicatedJob depended on.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>The status it must reach: <see cref="DependsOnStatus.Ready"/> or <see cref="DependsOnStatus.Complete"/>.</summary>
    [JsonPropertyName("status")]
    public string Status { get; set; } = "";
}

/// <summary>Values of <see cref="V1alpha2DependsOn.Status"/>.</summary>
public static class DependsOnStatus
{
    /// <summary>All Jobs of the dependency are ready (ready + succeeded pods reach their count).</summary>
    public const string Ready = "Ready";

    /// <summary>All Jobs of the dependency have completed.</summary>
    public const string Complete = "Complete";
}
