using JobSet.Core.Api;
using JobSet.Core.Serialization;

namespace JobSet.Host.Cli;

/// <summary>The options given to a verb, checked against its <see cref="OptionSpec"/>s.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, string> _values;

    private ParsedArguments(Dictionary<string, string> values) => _values = values;

    /// <summary>
    /// Parses <c>--name value</c>, <c>--name=value</c> and <c>-x value</c>. Unknown options,
    /// missing values, repeated options and stray arguments are usage errors.
    /// </summary>
    public static ParsedArguments Parse(string verb, IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string key;
            string? value = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                key = arg[2..];
                var eq = key.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    value = key[(eq + 1)..];
                    key = key[..eq];
                }
            }
            else if (arg.StartsWith('-') && arg.Length == 2)
            {
                key = arg[1..];
            }
            else
            {
                throw new UsageException($"jobset {verb}: unexpected argument '{arg}'");
            }

            var spec = specs.FirstOrDefault(s => s.Name == key || s.Short == key)
                ?? throw new UsageException($"jobset {verb}: unknown option '{arg}' (see 'jobset {verb} --help')");
            if (value is null && spec.IsFlag)
            {
                value = "true";
            }
            else if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"jobset {verb}: option '{arg}' needs a value ({spec.ValueName})");
                }

                value = args[++i];
            }

            if (!values.TryAdd(spec.Name, value))
            {
                throw new UsageException($"jobset {verb}: option '--{spec.Name}' given more than once");
            }
        }

        foreach (var spec in specs.Where(s => s.Required && !values.ContainsKey(s.Name)))
        {
            throw new UsageException($"jobset {verb}: missing required option {spec.Synopsis}");
        }

        return new ParsedArguments(values);
    }

    /// <summary>The value of an option, or null when not given.</summary>
    public string? Get(string name) => _values.GetValueOrDefault(name);

    /// <summary>Whether a switch (<see cref="OptionSpec.IsFlag"/>) is on: given bare or as <c>=true</c>.</summary>
    public bool Flag(string verb, string name) => Get(name) switch
    {
        null or "false" => false,
        "true" => true,
        var other => throw new UsageException($"jobset {verb}: option '--{name}' takes true or false, not '{other}'"),
    };

    /// <summary>The value of a required option.</summary>
    public string Required(string name) => _values[name];

    /// <summary>The output format from <c>-o</c>.</summary>
    public OutputFormat Output(string verb) => Get("output") switch
    {
        null or "yaml" => OutputFormat.Yaml,
        "json" => OutputFormat.Json,
        var other => throw new UsageException($"jobset {verb}: unknown output format '{other}' (use yaml or json)"),
    };

    /// <summary>The feature gates from <c>--feature-gates</c>.</summary>
    public FeatureGates FeatureGates(string verb) =>
        Core.Api.FeatureGates.TryParse(Get("feature-gates"), out var gates, out var error)
            ? gates
            : throw new UsageException($"jobset {verb}: --feature-gates: {error}");

    /// <summary>A boolean option (<c>true</c>/<c>false</c>), or the default when not given.</summary>
    public bool Bool(string verb, string name, bool defaultValue) => Get(name) switch
    {
        null => defaultValue,
        var v when bool.TryParse(v, out var b) => b,
        var v => throw new UsageException($"jobset {verb}: --{name} must be true or false, not '{v}'"),
    };
}
