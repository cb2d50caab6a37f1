using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace JobSet.Core.Api;

/// <summary>
/// A JobSet (<c>jobset.x-k8s.io/v1alpha2</c>): a group of Jobs run as one unit.
/// </summary>
[KubernetesEntity(Group = ApiGroup.Name, ApiVersion = ApiGroup.Version, Kind = ApiGroup.JobSetKind, PluralName = ApiGroup.JobSetPlural)]
public sealed class V1alpha2JobSet : IKubernetesObject<V1ObjectMeta>, ISpec<V1alpha2JobSetSpec>, IStatus<V1alpha2JobSetStatus?>
{
    /// <summary>Always <c>jobset.x-k8s.io/v1alpha2</c> on the wire.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    /// <summary>Always <c>JobSet</c> on the wire.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ApiGroup.JobSetKind;

    /// <summary>Standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state.</summary>
    [JsonPropertyName("spec")]
    public V1alpha2JobSetSpec Spec { get; set; } = new();

    /// <summary>The observed state; written by the controller only.</summary>
    [JsonPropertyName("status")]
    public V1alpha2JobSetStatus? Status { get; set; }
}
