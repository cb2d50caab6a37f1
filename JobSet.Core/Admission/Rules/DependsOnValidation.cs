namespace JobSet.Core.Admission.Rules;

/// <summary>dependsOn: never on the first ReplicatedJob, and only on ReplicatedJobs listed before (or at) the dependant.</summary>
internal static class DependsOnValidation
{
    /// <summary>Upstream's message for a dependsOn on the first ReplicatedJob.</summary>
    public const string FirstCannotDepend = "DependsOn can't be set for the first ReplicatedJob";

    public static IEnumerable<FieldError> Validate(CreateContext context)
    {
        var rjobs = context.ReplicatedJobs;
        if (rjobs.Count > 0 && rjobs[0].DependsOn is not null)
        {
            yield return FieldErrors.Plain(FieldPath.ReplicatedJob(0) + ".dependsOn", FirstCannotDepend);
        }

        // Upstream checks against the names seen so far, the dependant's own name included.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rjobs.Count; i++)
        {
            seen.Add(rjobs[i].Name);
            var dependsOn = rjobs[i].DependsOn ?? [];
            for (var j = 0; j < dependsOn.Count; j++)
            {
                if (!seen.Contains(dependsOn[j].Name))
                {
                    yield return FieldErrors.Plain(
                        FieldPath.Index(FieldPath.ReplicatedJob(i) + ".dependsOn", j) + ".name",
                        $"replicatedJob: {rjobs[i].Name} cannot depend on replicatedJob: {dependsOn[j].Name}");
                }
            }
        }
    }
}
