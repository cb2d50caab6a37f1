namespace JobSet.Core.Admission.Rules;

/// <summary>dependsOn: never on the first ReplicatedJob, and only on ReplicatedJobs listed before (or at) the dependant.</summary>
internal static class DependsOnValidation
{
    /// <summary>Upstream's message for a dependsOn on the first ReplicatedJob.</summary>
    public const string FirstCannotDepend = "DependsOn can't be set for the first ReplicatedJob";

    /// <summary>The first ReplicatedJob depends on nothing.</summary>
    public static IEnumerable<FieldError> First(CreateContext context)
    {
        if (context.ReplicatedJobs.Count > 0 && context.ReplicatedJobs[0].DependsOn is not null)
        {
            yield return FieldErrors.Plain(FieldPath.ReplicatedJob(0) + ".dependsOn", FirstCannotDepend);
        }
    }

    /// <summary>
    /// The ReplicatedJob at <paramref name="index"/> depends only on names seen so far: as
    /// upstream, a name counts when its first ReplicatedJob is at or before the dependant.
    /// </summary>
    public static IEnumerable<FieldError> Validate(CreateContext context, int index)
    {
        var rjob = context.ReplicatedJobs[index];
        var dependsOn = rjob.DependsOn ?? [];
        for (var j = 0; j < dependsOn.Count; j++)
        {
            if (!context.FirstIndex.TryGetValue(dependsOn[j].Name, out var at) || at > index)
            {
                yield return FieldErrors.Plain(
                    FieldPath.Index(FieldPath.ReplicatedJob(index) + ".dependsOn", j) + ".name",
                    $"replicatedJob: {rjob.Name} cannot depend on replicatedJob: {dependsOn[j].Name}");
            }
        }
    }
}
