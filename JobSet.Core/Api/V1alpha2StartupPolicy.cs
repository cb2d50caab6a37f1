using System.Text.Json.Serialization;

namespace JobSet.Core.Api;

/// <summary>In which order ReplicatedJobs start.</summary>
public sealed class V1alpha2StartupPolicy
{
    /// <summary><see cref="StartupPolicyOrder.AnyOrder"/> or <see cref="StartupPolicyOrder.InOrder"/>.</summary>
    [JsonPropertyName("startupPolicyOrder")]
    public string StartupPolicyOrder { get; set; } = "";
}

/// <summary>Values of <see cref="V1alpha2StartupPolicy.StartupPolicyOrder"/>.</summary>
public static class StartupPolicyOrder
{
    /// <summary>All ReplicatedJobs start at once.</summary>
    public const string AnyOrder = "AnyOrder";

    /// <summary>Each ReplicatedJob starts once the previous one is ready.</summary>
    public const string InOrder = "InOrder";
}
