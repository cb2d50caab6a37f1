using System.Text.Json.Serialization;

namespace JobSet.Core.Api;

/// <summary>The desired state of a JobSet.</summary>
public sealed class V1alpha2JobSetSpec
{
    /// <summary>The groups of identical Jobs this JobSet runs.</summary>
    [JsonPropertyName("replicatedJobs")]
    public IList<V1alpha2ReplicatedJob>? ReplicatedJobs { get; set; }

    /// <summary>Networking of the child pods (headless Service, hostnames).</summary>
    [JsonPropertyName("network")]
    public V1alpha2Network? Network { get; set; }

    /// <summary>When the JobSet counts as completed.</summary>
    [JsonPropertyName("successPolicy")]
    public V1alpha2SuccessPolicy? SuccessPolicy { get; set; }

    /// <summary>What happens when a child Job fails.</summary>
    [JsonPropertyName("failurePolicy")]
    public V1alpha2FailurePolicy? FailurePolicy { get; set; }

    /// <summary>In which order ReplicatedJobs start.</summary>
    [JsonPropertyName("startupPolicy")]
    public V1alpha2StartupPolicy? StartupPolicy { get; set; }

    /// <summary>Whether all child Jobs are suspended (Kueue sets this).</summary>
    [JsonPropertyName("suspend")]
    public bool? Suspend { get; set; }

    /// <summary>The pod whose stable endpoint is published to all Jobs.</summary>
    [JsonPropertyName("coordinator")]
    public V1alpha2Coordinator? Coordinator { get; set; }

    /// <summary>The controller that reconciles this JobSet; immutable.</summary>
    [JsonPropertyName("managedBy")]
    public string? ManagedBy { get; set; }

    /// <summary>Seconds after finishing before the JobSet is deleted.</summary>
    [JsonPropertyName("ttlSecondsAfterFinished")]
    public int? TtlSecondsAfterFinished { get; set; }

    /// <summary>PersistentVolumeClaims created once per JobSet and mounted into the pods.</summary>
    [JsonPropertyName("volumeClaimPolicies")]
    public IList<V1alpha2VolumeClaimPolicy>? VolumeClaimPolicies { get; set; }
}
