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

    /// <summary>The gate names, as spelled on the command line.</summary>
    public static IReadOnlyList<string> Names { get; } = ["RestartJob", "ElasticJobSet", "InPlaceRestart"];

    /// <summary>
    /// Parses <c>Name=bool,Name=bool</c>. Unknown names and non-boolean values are errors,
    /// reported as one line.
    /// </summary>
    public static bool TryParse(string? text, out FeatureGates gates, out string? error)
    {
        gates = Default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !bool.TryParse(part[(eq + 1)..], out var value))
            {
                error = $"invalid feature gate '{part}': expected Name=true|false";
                return false;
            }

            var name = part[..eq];
            switch (name)
            {
                case "RestartJob": gates = gates with { RestartJob = value }; break;
                case "ElasticJobSet": gates = gates with { ElasticJobSet = value }; break;
                case "InPlaceRestart": gates = gates with { InPlaceRestart = value }; break;
                case "TLSOptions": break; // GA upstream and locked on; accepted for compatibility.
                default:
                    error = $"unknown feature gate '{name}': known gates are {string.Join(", ", Names)}";
                    return false;
            }
        }

        return true;
    }
}
