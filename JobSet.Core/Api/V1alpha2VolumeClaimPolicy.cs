using System.Text.Json.Serialization;
using k8s.Models;

namespace JobSet.Core.Api;

/// <summary>PersistentVolumeClaims created once per JobSet and shared by its pods.</summary>
public sealed class V1alpha2VolumeClaimPolicy
{
    /// <summary>The claims; each becomes a PVC named <c>&lt;claim&gt;-&lt;jobset&gt;</c>.</summary>
    [JsonPropertyName("templates")]
    public IList<V1PersistentVolumeClaim>? Templates { get; set; }

    /// <summary>What happens to the claims when the JobSet is deleted.</summary>
    [JsonPropertyName("retentionPolicy")]
    public V1alpha2VolumeRetentionPolicy? RetentionPolicy { get; set; }
}

/// <summary>The lifecycle of the claims of a <see cref="V1alpha2VolumeClaimPolicy"/>.</summary>
public sealed class V1alpha2VolumeRetentionPolicy
{
    /// <summary><see cref="RetentionPolicyType.Delete"/> (default) or <see cref="RetentionPolicyType.Retain"/>.</summary>
    [JsonPropertyName("whenDeleted")]
    public string? WhenDeleted { get; set; }
}

/// <summary>Values of <see cref="V1alpha2VolumeRetentionPolicy.WhenDeleted"/>.</summary>
public static class RetentionPolicyType
{
    /// <summary>The claims are owned by the JobSet and deleted with it.</summary>
    public const string Delete = "Delete";

    /// <summary>The claims outlive the JobSet.</summary>
    public const string Retain = "Retain";
}
