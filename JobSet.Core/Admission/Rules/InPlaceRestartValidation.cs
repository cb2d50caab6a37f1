using JobSet.Core.Api;

namespace JobSet.Core.Admission.Rules;

/// <summary>
/// The InPlaceRestart restart strategy: only with its feature gate, and then every Job must
/// never fail on its own (backoffLimit MaxInt32), replace only failed pods, and run all its
/// pods at once (completions == parallelism).
/// </summary>
internal static class InPlaceRestartValidation
{
    /// <summary>Upstream's message when the strategy is used with the gate off.</summary>
    public const string GateDisabled = "InPlaceRestart restart strategy cannot be set when InPlaceRestart feature gate is disabled";

    /// <summary>The strategy needs its feature gate.</summary>
    public static IEnumerable<FieldError> Gate(CreateContext context)
    {
        if (context.Spec.FailurePolicy?.RestartStrategy == RestartStrategy.InPlaceRestart && !context.Gates.InPlaceRestart)
        {
            yield return FieldErrors.Plain("spec.failurePolicy.restartStrategy", GateDisabled);
        }
    }

    /// <summary>With the gate on and the strategy chosen, what the Job at <paramref name="index"/> must look like.</summary>
    public static IEnumerable<FieldError> Validate(CreateContext context, int index)
    {
        if (context.Spec.FailurePolicy?.RestartStrategy != RestartStrategy.InPlaceRestart || !context.Gates.InPlaceRestart)
        {
            yield break;
        }

        var rjob = context.ReplicatedJobs[index];
        var path = FieldPath.ReplicatedJob(index) + ".template.spec.";
        var jobSpec = rjob.Template?.Spec;
        if (jobSpec?.BackoffLimit != int.MaxValue)
        {
            yield return FieldErrors.Invalid(
                path + "backoffLimit",
                jobSpec?.BackoffLimit,
                $"replicatedJob {rjob.Name}: must be set to {int.MaxValue} (MaxInt32) when in-place restart is enabled");
        }

        if (jobSpec?.PodReplacementPolicy != "Failed")
        {
            yield return FieldErrors.Invalid(
                path + "podReplacementPolicy",
                jobSpec?.PodReplacementPolicy,
                $"replicatedJob {rjob.Name}: must be set to Failed when in-place restart is enabled");
        }

        if (jobSpec?.Completions is not { } completions || jobSpec.Parallelism is not { } parallelism || completions != parallelism)
        {
            yield return FieldErrors.Invalid(
                path + "completions",
                jobSpec?.Completions,
                $"replicatedJob {rjob.Name}: completions and parallelism must be set and equal to each other when in-place restart is enabled");
        }
    }
}
