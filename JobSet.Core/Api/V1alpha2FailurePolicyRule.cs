using System.Text.Json.Serialization;

namespace JobSet.Core.Api;

/// <summary>One failure-policy rule: which failures it matches and what to do.</summary>
public sealed class V1alpha2FailurePolicyRule
{
    /// <summary>The rule's name (defaults to <c>failurePolicyRule&lt;index&gt;</c>).</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>The action: one of <see cref="FailurePolicyAction"/>.</summary>
    [JsonPropertyName("action")]
    public string Action { get; set; } = "";

    /// <summary>Job failure reasons that match; empty matches any.</summary>
    [JsonPropertyName("onJobFailureReasons")]
    public IList<string>? OnJobFailureReasons { get; set; }

    /// <summary>Regular expressions over the Job failure message; empty matches any.</summary>
    [JsonPropertyName("onJobFailureMessagePatterns")]
    public IList<string>? OnJobFailureMessagePatterns { get; set; }

    /// <summary>ReplicatedJobs the rule applies to; empty means all.</summary>
    [JsonPropertyName("targetReplicatedJobs")]
    public IList<string>? TargetReplicatedJobs { get; set; }
}

/// <summary>Values of <see cref="V1alpha2FailurePolicyRule.Action"/>.</summary>
public static class FailurePolicyAction
{
    /// <summary>Fail the JobSet at once.</summary>
    public const string FailJobSet = "FailJobSet";

    /// <summary>Restart the whole JobSet, counting towards maxRestarts.</summary>
    public const string RestartJobSet = "RestartJobSet";

    /// <summary>Restart the whole JobSet without counting towards maxRestarts.</summary>
    public const string RestartJobSetAndIgnoreMaxRestarts = "RestartJobSetAndIgnoreMaxRestarts";

    /// <summary>Restart only the failed Job (RestartJob feature gate).</summary>
    public const string RestartJob = "RestartJob";

    /// <summary>Restart only the failed Job without counting (RestartJob feature gate).</summary>
    public const string RestartJobAndIgnoreMaxRestarts = "RestartJobAndIgnoreMaxRestarts";

    /// <summary>Every action, in upstream's order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [FailJobSet, RestartJobSet, RestartJobSetAndIgnoreMaxRestarts, RestartJob, RestartJobAndIgnoreMaxRestarts];
}
