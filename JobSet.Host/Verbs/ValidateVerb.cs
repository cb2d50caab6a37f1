using JobSet.Core.Admission;
using JobSet.Core.Serialization;
using JobSet.Host.Cli;
using k8s.Models;

namespace JobSet.Host.Verbs;

/// <summary>
/// <c>jobset validate -f JOBSET [--old OLD] [--observed OBJECTS] [--feature-gates ...]</c>:
/// create validation, or update validation with <c>--old</c>, after defaulting as a cluster does.
/// </summary>
internal sealed class ValidateVerb : IVerb
{
    public string Name => "validate";

    public string Summary => "check a JobSet (or an update with --old) as the admission webhook does";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        OptionSpec.File("the JobSet (YAML or JSON; - for stdin)"),
        new("old", null, "OLD_JOBSET", "the stored JobSet: validate an update instead of a create"),
        OptionSpec.Observed("cluster objects (existing PersistentVolumeClaims), multi-document YAML or a v1 List"),
        OptionSpec.FeatureGates,
        OptionSpec.Output,
    ];

    public async Task<int> RunAsync(VerbContext context)
    {
        var gates = context.Arguments.FeatureGates(Name);

        // The answer is "valid" or error lines in any format, but a bad -o is still a usage error.
        _ = context.Arguments.Output(Name);
        var path = context.Arguments.Required("filename");
        var jobSet = JobSetDefaulter.Apply(ManifestReader.ReadJobSet(context.ReadText(path), path));
        var oldPath = context.Arguments.Get("old");
        var claims = context.ReadObserved()
            .Select(o => ManifestReader.ToTyped(o, context.Arguments.Get("observed")!))
            .OfType<V1PersistentVolumeClaim>()
            .ToList();

        var result = oldPath is null
            ? JobSetValidator.ValidateCreate(jobSet, gates, claims)
            : JobSetValidator.ValidateUpdate(jobSet, JobSetDefaulter.Apply(ManifestReader.ReadJobSet(context.ReadText(oldPath), oldPath)), gates);

        if (result.IsValid)
        {
            await context.Out.WriteLineAsync("valid").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        foreach (var error in result.Errors)
        {
            await context.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
        }

        return ExitCodes.Invalid;
    }
}
