namespace JobSet.Core.Api;

/// <summary>
/// Upstream's alpha feature gates, passed as a value (never global state). All are off by
/// default, as upstream.
/// </summary>
/// <param name="RestartJob">Allows the RestartJob and RestartJobAndIgnoreMaxRestarts actions.</param>
/// <param name="ElasticJobSet">Allows parallelism/completions of Indexed Jobs to change.</param>
/// <param name="InPlaceRestart">Allows the InPlaceRestart restart strategy.</param>
public sealed record FeatureGates(bool RestartJob = false, bool ElasticJobSet = false, bool InPlaceRestart = false)
{
    /// <summary>Every gate at its default (off).</summary>
    public static FeatureGates Default { get; } = new();

    /// <summary>The gate names, as upstream spells them (and the command line takes them).</summary>
    public static IReadOnlyList<string> Names { get; } = ["RestartJob", "ElasticJobSet", "InPlaceRestart"];
}
