namespace JobSet.Host.Cli;

/// <summary>One option a verb accepts.</summary>
/// <param name="Name">The long name without dashes (<c>filename</c>).</param>
/// <param name="Short">The one-letter alias without dash, if any (<c>f</c>).</param>
/// <param name="ValueName">How the value is shown in help (<c>FILE</c>).</param>
/// <param name="Help">One line of help.</param>
/// <param name="Required">Whether the verb cannot run without it.</param>
internal sealed record OptionSpec(string Name, string? Short, string ValueName, string Help, bool Required = false)
{
    /// <summary><c>-f, --filename FILE</c>.</summary>
    public string Synopsis => (Short is null ? $"--{Name}" : $"-{Short}, --{Name}") + (IsFlag ? "" : $" {ValueName}");

    /// <summary>A switch: given bare it means <c>true</c> (<c>--crd-only</c>); <c>--name=false</c> also works.</summary>
    public bool IsFlag { get; init; }

    /// <summary>A switch option.</summary>
    public static OptionSpec Flag(string name, string help) => new(name, null, "", help) { IsFlag = true };

    /// <summary>The common input option.</summary>
    public static OptionSpec File(string help) => new("filename", "f", "FILE", help, Required: true);

    /// <summary>The common output format option.</summary>
    public static OptionSpec Output { get; } = new("output", "o", "yaml|json", "output format (default yaml)");

    /// <summary>The common feature gates option.</summary>
    public static OptionSpec FeatureGates { get; } = new("feature-gates", null, "Name=bool,...", "alpha features: RestartJob, ElasticJobSet, InPlaceRestart (all off by default)");

    /// <summary>The common observed cluster objects option.</summary>
    public static OptionSpec Observed(string help) => new("observed", null, "OBJECTS", help);
}
