using JobSet.Host.Cli;

namespace JobSet.Host.Verbs;

/// <summary><c>jobset admit-pod</c>: run the exclusive-placement pod admission on a pod.</summary>
internal sealed class AdmitPodVerb : IVerb
{
    public string Name => "admit-pod";

    public string Summary => "run the exclusive-placement pod admission on a pod";

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public async Task<int> RunAsync(VerbContext context)
    {
        await context.Error.WriteLineAsync("jobset admit-pod: not available in this build yet").ConfigureAwait(false);
        return ExitCodes.Usage;
    }
}
