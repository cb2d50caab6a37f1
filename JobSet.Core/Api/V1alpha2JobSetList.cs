using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace JobSet.Core.Api;

/// <summary>A list of JobSets, as returned by the API server.</summary>
[KubernetesEntity(Group = ApiGroup.Name, ApiVersion = ApiGroup.Version, Kind = "JobSetList", PluralName = ApiGroup.JobSetPlural)]
public sealed class V1alpha2JobSetList : IKubernetesObject<V1ListMeta>, IItems<V1alpha2JobSet>
{
    /// <summary>Always <c>jobset.x-k8s.io/v1alpha2</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    /// <summary>Always <c>JobSetList</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "JobSetList";

    /// <summary>List metadata (resourceVersion, continue token).</summary>
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    /// <summary>The JobSets.</summary>
    [JsonPropertyName("items")]
    public IList<V1alpha2JobSet> Items { get; set; } = [];
}
