using JobSet.Core.Api;

namespace JobSet.Host.Cli;

/// <summary>The text form of <see cref="FeatureGates"/> on the command line: <c>Name=bool,Name=bool</c>.</summary>
internal static class FeatureGatesText
{
    /// <summary>
    /// Parses <c>Name=bool,Name=bool</c>. Unknown names and non-boolean values are errors,
    /// reported as one line.
    /// </summary>
    public static bool TryParse(string? text, out FeatureGates gates, out string? error)
    {
        gates = FeatureGates.Default;
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
                    error = $"unknown feature gate '{name}': known gates are {string.Join(", ", FeatureGates.Names)}";
                    return false;
            }
        }

        return true;
    }
}
