using System.CommandLine;

namespace JobSet.Host.Cli;

/// <summary>
/// One option a verb accepts: the single declaration from which the parser's
/// <see cref="Option{T}"/>, the help line and the checks are made. A verb lists its options in
/// its <c>Options</c> property; adding an option there is all the parser needs.
/// </summary>
/// <param name="Name">The long name without dashes (<c>filename</c>).</param>
/// <param name="Short">The one-letter alias without dash, if any (<c>f</c>).</param>
/// <param name="ValueName">How the value is shown in help (<c>FILE</c>).</param>
/// <param name="Help">One line of help.</param>
/// <param name="Required">Whether the verb cannot run without it.</param>
/// <param name="IsFlag">A <c>true|false</c> option that may also be given bare, meaning <c>true</c>.</param>
internal sealed record OptionSpec(string Name, string? Short, string ValueName, string Help, bool Required = false, bool IsFlag = false)
{
    /// <summary><c>-f, --filename FILE</c>.</summary>
    public string Synopsis => Short is null ? $"--{Name} {ValueName}" : $"-{Short}, --{Name} {ValueName}";

    /// <summary>The common input option.</summary>
    public static OptionSpec File(string help) => new("filename", "f", "FILE", help, Required: true);

    /// <summary>The common output format option.</summary>
    public static OptionSpec Output { get; } = new("output", "o", "yaml|json", "output format (default yaml)");

    /// <summary>The common feature gates option.</summary>
    public static OptionSpec FeatureGates { get; } = new("feature-gates", null, "Name=bool,...", "alpha features: RestartJob, ElasticJobSet, InPlaceRestart (all off by default)");

    /// <summary>The common observed cluster objects option.</summary>
    public static OptionSpec Observed(string help) => new("observed", null, "OBJECTS", help);

    /// <summary>A boolean option: <c>--name</c>, <c>--name true</c> or <c>--name false</c>.</summary>
    public static OptionSpec Flag(string name, string help) => new(name, null, "true|false", help, IsFlag: true);

    /// <summary>
    /// The parser's option. Every option takes zero or one value so that a missing value, a
    /// repeated option and a missing required option are reported by <see cref="ParsedArguments"/>
    /// in the command's own one-line wording.
    /// </summary>
    public Option<string> ToOption()
    {
        var option = Short is null ? new Option<string>("--" + Name) : new Option<string>("--" + Name, "-" + Short);
        option.Description = Help;
        option.HelpName = ValueName;
        option.Arity = ArgumentArity.ZeroOrOne;
        return option;
    }
}
