namespace JobSet.Core.Admission.Rules;

/// <summary>The success policy may only target ReplicatedJobs that exist.</summary>
internal static class SuccessPolicyValidation
{
    public static IEnumerable<FieldError> Validate(CreateContext context)
    {
        var targets = context.Spec.SuccessPolicy?.TargetReplicatedJobs ?? [];
        for (var i = 0; i < targets.Count; i++)
        {
            if (!context.ByName.ContainsKey(targets[i]))
            {
                yield return FieldErrors.Plain(
                    FieldPath.Index("spec.successPolicy.targetReplicatedJobs", i),
                    $"invalid replicatedJob name '{targets[i]}' does not appear in .spec.ReplicatedJobs");
            }
        }
    }
}
