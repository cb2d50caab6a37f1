using JobSet.Core.Serialization;
using JobSet.Host.Verbs;

namespace JobSet.Host.Cli;

/// <summary>
/// Dispatches <c>jobset VERB [options]</c>. Every failure ends as one line on stderr and an
/// exit code from <see cref="ExitCodes"/>; no stack trace reaches the user.
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
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Count > 0 && args[0] is "-h" or "--help" or "help")
        {
            await stdout.WriteAsync(Help()).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (args.Count == 0)
        {
            // The main job: with no verb the command runs the controller process with its
            // embedded cluster, as `dotnet run --project JobSet.Host` promises in the README.
            await stderr.WriteLineAsync("jobset: no verb given, running 'jobset run' (see 'jobset --help' for the other verbs)").ConfigureAwait(false);
            args = ["run"];
        }

        var verb = Verbs.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null)
        {
            await stderr.WriteLineAsync($"jobset: unknown verb '{args[0]}' (verbs: {string.Join(", ", Verbs.Select(v => v.Name))})").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var rest = args.Skip(1).ToList();
        if (rest.Contains("-h") || rest.Contains("--help"))
        {
            await stdout.WriteAsync(VerbHelp(verb)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        try
        {
            var parsed = ParsedArguments.Parse(verb.Name, rest, verb.Options);
            return await verb.RunAsync(new VerbContext(verb.Name, parsed, stdin, stdout, stderr, cancellation)).ConfigureAwait(false);
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

    private static string Help()
    {
        var lines = new List<string>
        {
            "jobset: a JobSet (jobset.x-k8s.io/v1alpha2) controller and toolkit for .NET",
            "",
            "usage: jobset VERB [options]      (jobset VERB --help for a verb's options; no verb runs 'jobset run')",
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
}
