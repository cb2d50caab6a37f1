using System.Text.Json.Serialization;
using k8s.Models;

namespace JobSet.Core.Api;

/// <summary>A group of <see cref="Replicas"/> identical Jobs made from one template.</summary>
public sealed class V1alpha2ReplicatedJob
{
    /// <summary>The name, unique within the JobSet; part of every child Job's name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>The group this ReplicatedJob belongs to (defaults to <c>default</c>).</summary>
    [JsonPropertyName("groupName")]
    public string? GroupName { get; set; }

    /// <summary>The Job template.</summary>
    [JsonPropertyName("template")]
    public V1JobTemplateSpec Template { get; set; } = new();

    /// <summary>How many Jobs to create (defaults to 1).</summary>
    [JsonPropertyName("replicas")]
    public int? Replicas { get; set; }

    /// <summary>ReplicatedJobs that must reach a status before this one starts.</summary>
    [JsonPropertyName("dependsOn")]
    public IList<V1alpha2DependsOn>? DependsOn { get; set; }
}
