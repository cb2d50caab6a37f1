namespace JobSet.Core.Admission.Rules;

/// <summary>The pods of one ReplicatedJob (replicas x parallelism) must fit in an int32.</summary>
internal static class ReplicasValidation
{
    public static IEnumerable<FieldError> Validate(CreateContext context)
    {
        for (var i = 0; i < context.ReplicatedJobs.Count; i++)
        {
            var rjob = context.ReplicatedJobs[i];
            long parallelism = rjob.Parallelism() ?? 1;
            if (parallelism * rjob.Replicas() > int.MaxValue)
            {
                yield return FieldErrors.Plain(
                    FieldPath.ReplicatedJob(i) + ".replicas",
                    $"the product of replicas and parallelism must not exceed {int.MaxValue} for replicatedJob '{rjob.Name}'");
            }
        }
    }
}
