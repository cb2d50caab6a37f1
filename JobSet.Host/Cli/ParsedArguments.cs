using System.CommandLine;
using System.CommandLine.Parsing;
using JobSet.Core.Api;

namespace JobSet.Host.Cli;

/// <summary>The options given to a verb, as System.CommandLine parsed them, checked against its <see cref="OptionSpec"/>s.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, string> values;

    private ParsedArguments(Dictionary<string, string> values) => this.values = values;

    /// <summary>
    /// Reads a verb's options from a parse result: <c>--name value</c>, <c>--name=value</c> and
    /// <c>-x value</c>; a flag given bare means <c>true</c>. Unknown options, missing values,
    /// repeated options, stray arguments and missing required options are usage errors.
    /// </summary>
    public static ParsedArguments From(string verb, ParseResult parse, IReadOnlyList<(OptionSpec Spec, Option<string> Option)> options)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            throw new UsageException(token.StartsWith('-') && token.Length > 1
                ? $"jobset {verb}: unknown option '{token}' (see 'jobset {verb} --help')"
                : $"jobset {verb}: unexpected argument '{token}'");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (spec, option) in options)
        {
            if (parse.GetResult(option) is not { } result)
            {
                continue;
            }

            var given = result.IdentifierToken?.Value ?? "--" + spec.Name;
            if (result.IdentifierTokenCount > 1)
            {
                throw new UsageException($"jobset {verb}: option '--{spec.Name}' given more than once");
            }

            if (result.Tokens.Count == 0 && !spec.IsFlag)
            {
                throw new UsageException($"jobset {verb}: option '{given}' needs a value ({spec.ValueName})");
            }

            values[spec.Name] = result.Tokens.Count == 0 ? "true" : result.Tokens[0].Value;
        }

        foreach (var (spec, _) in options.Where(o => o.Spec.Required && !values.ContainsKey(o.Spec.Name)))
        {
            throw new UsageException($"jobset {verb}: missing required option {spec.Synopsis}");
        }

        if (parse.Errors.Count > 0)
        {
            // Anything the checks above did not word themselves (none known today).
            throw new UsageException($"jobset {verb}: {parse.Errors[0].Message}");
        }

        return new ParsedArguments(values);
    }

    /// <summary>The value of an option, or null when not given.</summary>
    public string? Get(string name) => values.GetValueOrDefault(name);

    /// <summary>Whether a switch (<see cref="OptionSpec.IsFlag"/>) is on: given bare, as <c>true</c> or <c>=true</c>.</summary>
    public bool Flag(string verb, string name) => Get(name) switch
    {
        null or "false" => false,
        "true" => true,
        var other => throw new UsageException($"jobset {verb}: option '--{name}' takes true or false, not '{other}'"),
    };

    /// <summary>The value of a required option.</summary>
    public string Required(string name) => values[name];

    /// <summary>The output format from <c>-o</c>: yaml or json.</summary>
    public OutputFormat Output(string verb) => Get("output") switch
    {
        null or "yaml" => OutputFormat.Yaml,
        "json" => OutputFormat.Json,
        var other => throw new UsageException($"jobset {verb}: unknown output format '{other}' (use yaml or json)"),
    };

    /// <summary>The output format from <c>-o</c> of a verb that also prints a summary table.</summary>
    public OutputFormat OutputOrSummary(string verb) => Get("output") switch
    {
        "summary" => OutputFormat.Summary,
        null or "yaml" or "json" => Output(verb),
        var other => throw new UsageException($"jobset {verb}: unknown output format '{other}' (use yaml, json or summary)"),
    };

    /// <summary>The feature gates from <c>--feature-gates</c>.</summary>
    public FeatureGates FeatureGates(string verb) =>
        FeatureGatesText.TryParse(Get("feature-gates"), out var gates, out var error)
            ? gates
            : throw new UsageException($"jobset {verb}: --feature-gates: {error}");

    /// <summary>A boolean option (<c>true</c>/<c>false</c>, or bare for true), or the default when not given.</summary>
    public bool Bool(string verb, string name, bool defaultValue) => Get(name) switch
    {
        null => defaultValue,
        var v when bool.TryParse(v, out var b) => b,
        var v => throw new UsageException($"jobset {verb}: --{name} must be true or false, not '{v}'"),
    };
}
