using JobSet.Host.Cli;

namespace JobSet.Host.Verbs;

/// <summary><c>jobset run</c>: run the controller (with an embedded cluster by default).</summary>
internal sealed class RunVerb : IVerb
{
    public string Name => "run";

    public string Summary => "run the controller (with an embedded cluster by default)";

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public async Task<int> RunAsync(VerbContext context)
    {
        await context.Error.WriteLineAsync("jobset run: not available in this build yet").ConfigureAwait(false);
        return ExitCodes.Usage;
    }
}
