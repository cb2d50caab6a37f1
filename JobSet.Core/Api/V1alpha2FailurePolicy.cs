using System.Text.Json.Serialization;

namespace JobSet.Core.Api;

/// <summary>What happens when a child Job fails.</summary>
public sealed class V1alpha2FailurePolicy
{
    /// <summary>How many times the JobSet may restart before it fails.</summary>
    [JsonPropertyName("maxRestarts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaxRestarts { get; set; }

    /// <summary>How a restart happens: <see cref="RestartStrategy"/> values (defaults to Recreate).</summary>
    [JsonPropertyName("restartStrategy")]
    public string? RestartStrategy { get; set; }

    /// <summary>Rules tried in order against the first failed Job.</summary>
    [JsonPropertyName("rules")]
    public IList<V1alpha2FailurePolicyRule>? Rules { get; set; }
}

/// <summary>Values of <see cref="V1alpha2FailurePolicy.RestartStrategy"/>.</summary>
public static class RestartStrategy
{
    /// <summary>Delete and recreate the Jobs of the JobSet, without waiting.</summary>
    public const string Recreate = "Recreate";

    /// <summary>Delete the Jobs and create none until every old Job is gone.</summary>
    public const string BlockingRecreate = "BlockingRecreate";

    /// <summary>Restart containers in place (InPlaceRestart feature gate).</summary>
    public const string InPlaceRestart = "InPlaceRestart";
}
