using System.Text.Json.Serialization;
using k8s.Models;

namespace JobSet.Core.Api;

/// <summary>The observed state of a JobSet.</summary>
public sealed class V1alpha2JobSetStatus
{
    /// <summary>Conditions such as Completed, Failed, Suspended (see <see cref="JobSetConditionType"/>).</summary>
    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }

    /// <summary>How many times the whole JobSet has restarted. Always written.</summary>
    [JsonPropertyName("restarts")]
    public int Restarts { get; set; }

    /// <summary>The restarts that count towards <c>failurePolicy.maxRestarts</c>.</summary>
    [JsonPropertyName("restartsCountTowardsMax")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int RestartsCountTowardsMax { get; set; }

    /// <summary>Completed or Failed once the JobSet has finished.</summary>
    [JsonPropertyName("terminalState")]
    public string? TerminalState { get; set; }

    /// <summary>Job counts per ReplicatedJob.</summary>
    [JsonPropertyName("replicatedJobsStatus")]
    public IList<V1alpha2ReplicatedJobStatus>? ReplicatedJobsStatus { get; set; }

    /// <summary>The last in-place restart attempt every pod finished (InPlaceRestart).</summary>
    [JsonPropertyName("previousInPlaceRestartAttempt")]
    public int? PreviousInPlaceRestartAttempt { get; set; }

    /// <summary>The in-place restart attempt pods should be at (InPlaceRestart).</summary>
    [JsonPropertyName("currentInPlaceRestartAttempt")]
    public int? CurrentInPlaceRestartAttempt { get; set; }
}
