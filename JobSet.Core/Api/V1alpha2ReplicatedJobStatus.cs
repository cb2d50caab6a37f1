using System.Text.Json.Serialization;

namespace JobSet.Core.Api;

/// <summary>Job counts of one ReplicatedJob. Every count is always written.</summary>
public sealed class V1alpha2ReplicatedJobStatus
{
    /// <summary>The ReplicatedJob's name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>Jobs whose ready + succeeded pods reach min(parallelism, completions).</summary>
    [JsonPropertyName("ready")]
    public int Ready { get; set; }

    /// <summary>Jobs that completed.</summary>
    [JsonPropertyName("succeeded")]
    public int Succeeded { get; set; }

    /// <summary>Jobs that failed.</summary>
    [JsonPropertyName("failed")]
    public int Failed { get; set; }

    /// <summary>Jobs with at least one active pod.</summary>
    [JsonPropertyName("active")]
    public int Active { get; set; }

    /// <summary>Jobs that are suspended.</summary>
    [JsonPropertyName("suspended")]
    public int Suspended { get; set; }

    /// <summary>Per Job index, how many times that Job alone was restarted (RestartJob).</summary>
    [JsonPropertyName("jobRestarts")]
    public IList<int>? JobRestarts { get; set; }

    /// <summary>Per Job index, the restarts that count towards maxRestarts (RestartJob).</summary>
    [JsonPropertyName("jobRestartsCountTowardsMax")]
    public IList<int>? JobRestartsCountTowardsMax { get; set; }
}
