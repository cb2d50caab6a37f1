using JobSet.Core.Api;
namespace JobSet.Core.Admission.Rules;

/// <summary>The pods of one ReplicatedJob (replicas x parallelism) must fit in an int32.</summary>
internal static class ReplicasValidation
{
    /// <summary>Checks the ReplicatedJob at <paramref name="index"/>.</summary>
    public static IEnumerable<FieldError> Validate(CreateContext context, int index)
    {
        var rjob = context.ReplicatedJobs[index];
        long parallelism = rjob.Parallelism() ?? 1;
        if (parallelism * rjob.Replicas() > int.MaxValue)
        {
            yield return FieldErrors.Plain(
                FieldPath.ReplicatedJob(index) + ".replicas",
                $"the product of replicas and parallelism must not exceed {int.MaxValue} for replicatedJob '{rjob.Name}'");
        }
    }
}
