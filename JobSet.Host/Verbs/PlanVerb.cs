using JobSet.Host.Cli;

namespace JobSet.Host.Verbs;

/// <summary><c>jobset plan</c>: compute the reconcile plan for a JobSet and its observed objects.</summary>
internal sealed class PlanVerb : IVerb
{
    public string Name => "plan";

    public string Summary => "compute the reconcile plan for a JobSet and its observed objects";

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public async Task<int> RunAsync(VerbContext context)
    {
        await context.Error.WriteLineAsync("jobset plan: not available in this build yet").ConfigureAwait(false);
        return ExitCodes.Usage;
    }
}
