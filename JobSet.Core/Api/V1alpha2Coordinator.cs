using System.Text.Json.Serialization;

namespace JobSet.Core.Api;

/// <summary>The pod whose stable network endpoint is published to every Job and pod.</summary>
public sealed class V1alpha2Coordinator
{
    /// <summary>The ReplicatedJob holding the coordinator.</summary>
    [JsonPropertyName("replicatedJob")]
    public string ReplicatedJob { get; set; } = "";

    /// <summary>The Job index within that ReplicatedJob.</summary>
    [JsonPropertyName("jobIndex")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int JobIndex { get; set; }

    /// <summary>The pod (completion) index within that Job.</summary>
    [JsonPropertyName("podIndex")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int PodIndex { get; set; }
}
