using JobSet.Core.Admission;
using JobSet.Core.Serialization;
using JobSet.Host.Cli;

namespace JobSet.Host.Verbs;

/// <summary><c>jobset default -f JOBSET</c>: prints the JobSet as a cluster would store it after defaulting.</summary>
internal sealed class DefaultVerb : IVerb
{
    public string Name => "default";

    public string Summary => "print a JobSet with the defaults a cluster applies";

    public IReadOnlyList<OptionSpec> Options { get; } = [OptionSpec.File("the JobSet (YAML or JSON; - for stdin)"), OptionSpec.Output];

    public Task<int> RunAsync(VerbContext context)
    {
        var path = context.Arguments.Required("filename");
        var jobSet = ManifestReader.ReadJobSet(context.ReadText(path), path);
        context.WriteResult(JobSetDefaulter.Apply(jobSet));
        return Task.FromResult(ExitCodes.Success);
    }
}
