using System.CommandLine;
using System.CommandLine.Parsing;
using JobSet.Core.Serialization;
using JobSet.Host.Verbs;

namespace JobSet.Host.Cli;

/// <summary>
/// Dispatches <c>jobset VERB [options]</c>, parsed with System.CommandLine. Every failure ends as
/// one line on stderr and an exit code from <see cref="ExitCodes"/>; no stack trace reaches the user.
/// </summary>
internal static class CommandLineApp
{
    /// <summary>The verbs, in the order help lists them.</summary>
    public static IReadOnlyList<IVerb> Verbs { get; } =
    [
        new RunVerb(),
        new DefaultVerb(),
        new ValidateVerb(),
        new PlanVerb(),
        new AdmitPodVerb(),
        new ManifestsVerb(),
    ];

    /// <summary>Runs the command line and returns the exit code.</summary>
    /// <param name="args">The arguments after the command's name.</param>
    /// <param name="stdin">Standard input (for <c>-f -</c>).</param>
    /// <param name="stdout">Standard output: the verb's result.</param>
    /// <param name="stderr">Standard error: problems and hints, one per line.</param>
    /// <param name="cancellation">Stops long-running verbs (Ctrl-C).</param>
    /// <param name="stdoutIsTerminal">Whether a person reads standard output (verbs may then print hints on stderr).</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellation, bool stdoutIsTerminal = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Count == 0)
        {
            // The main job: with no verb the command runs the controller process with its
            // embedded cluster, as `dotnet run --project JobSet.Host` promises in the README.
            await stderr.WriteLineAsync("jobset: no verb given, running 'jobset run' (see 'jobset --help' for the other verbs)").ConfigureAwait(false);
            args = ["run"];
        }

        var tree = new CommandTree();
        var parse = tree.Root.Parse(args, ParserSettings);
        var command = parse.CommandResult.Command;
        var verb = Verbs.FirstOrDefault(v => v.Name == command.Name);
        if (verb is null)
        {
            if (parse.GetValue(tree.Version) && parse.UnmatchedTokens.Count == 0)
            {
                await stdout.WriteLineAsync($"jobset {VersionText.Current}").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            if (parse.GetValue(tree.Help) || args[0] == "help")
            {
                await stdout.WriteAsync(Help()).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await stderr.WriteLineAsync($"jobset: unknown verb '{args[0]}' (verbs: {string.Join(", ", Verbs.Select(v => v.Name))})").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (parse.GetValue(tree.Help))
        {
            await stdout.WriteAsync(VerbHelp(verb)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        try
        {
            var parsed = ParsedArguments.From(verb.Name, parse, tree.OptionsOf(verb));
            return await verb.RunAsync(new VerbContext(verb.Name, parsed, stdin, stdout, stderr, cancellation, stdoutIsTerminal)).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (ManifestException ex)
        {
            await stderr.WriteLineAsync($"jobset {verb.Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
#pragma warning disable CA1031 // The command line's last line of defence: one line, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await stderr.WriteLineAsync($"jobset {verb.Name}: internal error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
    }

    /// <summary>
    /// Arguments are taken literally: no <c>@file</c> response files (a file named <c>@x</c>
    /// stays a file name) and no bundling of one-letter options.
    /// </summary>
    private static ParserConfiguration ParserSettings { get; } = new()
    {
        ResponseFileTokenReplacer = null,
        EnablePosixBundling = false,
    };

    private static string Help()
    {
        var lines = new List<string>
        {
            "jobset: a JobSet (jobset.x-k8s.io/v1alpha2) controller and toolkit for .NET",
            "",
            "usage: jobset VERB [options]      (jobset VERB --help for a verb's options; no verb runs 'jobset run')",
            "       jobset --version",
            "",
            "verbs:",
        };
        lines.AddRange(Verbs.Select(v => $"  {v.Name,-10} {v.Summary}"));
        lines.Add("");
        lines.Add("exit codes: 0 success, 1 invalid or rejected input, 2 usage error or unreadable input");
        return string.Join('\n', lines) + "\n";
    }

    private static string VerbHelp(IVerb verb)
    {
        var lines = new List<string> { $"jobset {verb.Name}: {verb.Summary}", "", "options:" };
        lines.AddRange(verb.Options.Select(o => $"  {o.Synopsis,-36} {o.Help}{(o.Required ? " (required)" : "")}"));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The System.CommandLine tree: one command per verb, one option per <see cref="OptionSpec"/>.</summary>
    private sealed class CommandTree
    {
        private readonly Dictionary<IVerb, List<(OptionSpec, Option<string>)>> options = [];

        public CommandTree()
        {
            // Help and version are answered here in the command's own words, so the parser's
            // defaults (and its [suggest] directive) are replaced.
            Root.Options.Clear();
            Root.Directives.Clear();
            Root.Options.Add(Help);
            Root.Options.Add(Version);
            foreach (var verb in Verbs)
            {
                var command = new Command(verb.Name, verb.Summary);
                var options = new List<(OptionSpec, Option<string>)>();
                foreach (var spec in verb.Options)
                {
                    var option = spec.ToOption();
                    command.Options.Add(option);
                    options.Add((spec, option));
                }

                this.options[verb] = options;
                Root.Subcommands.Add(command);
            }
        }

        public RootCommand Root { get; } = new("a JobSet (jobset.x-k8s.io/v1alpha2) controller and toolkit for .NET");

        public Option<bool> Help { get; } = new("--help", "-h", "-?") { Recursive = true, Arity = ArgumentArity.Zero };

        public Option<bool> Version { get; } = new("--version") { Arity = ArgumentArity.Zero };

        public List<(OptionSpec Spec, Option<string> Option)> OptionsOf(IVerb verb) => options[verb];
    }
}
