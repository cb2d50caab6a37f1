using JobSet.Core.Admission.Rules;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Admission;

/// <summary>
/// Create and update validation of a JobSet with the behaviour of upstream's validating
/// webhook plus the rules upstream's CRD schema enforces (enums, minimums, CEL
/// immutability). Pure: feature gates and existing objects are parameters.
/// </summary>
/// <remarks>
/// As on a real API server, the schema is checked first and the webhook's rules only run when
/// the schema accepts the object; so a schema error hides webhook errors, never the reverse.
/// Each rule family lives in its own file under <c>Admission/Rules</c>.
/// </remarks>
public static class JobSetValidator
{
    /// <summary>Validates a new JobSet (already defaulted).</summary>
    /// <param name="jobSet">The defaulted JobSet.</param>
    /// <param name="gates">The feature gates in force.</param>
    /// <param name="existingClaims">PersistentVolumeClaims already in the cluster (matched by namespace and name).</param>
    public static ValidationResult ValidateCreate(V1alpha2JobSet jobSet, FeatureGates gates, IReadOnlyCollection<V1PersistentVolumeClaim>? existingClaims = null)
    {
        ArgumentNullException.ThrowIfNull(jobSet);
        ArgumentNullException.ThrowIfNull(gates);
        var schema = SchemaValidation.Validate(jobSet.Spec);
        if (schema.Count > 0)
        {
            return ValidationResult.From(schema);
        }

        var context = new CreateContext(jobSet, gates);

        // The API server's ObjectMeta rules come first, as the server checks them before the webhook.
        var errors = new List<FieldError>(ObjectMetaRules.Validate(jobSet.Metadata?.Labels, jobSet.Metadata?.Annotations));
        errors.AddRange(InPlaceRestartValidation.Gate(context));
        errors.AddRange(DependsOnValidation.First(context));
        errors.AddRange(NameValidation.Subdomain(context));
        errors.AddRange(NameValidation.ManagedBy(context));

        // Upstream checks each ReplicatedJob in turn, so its errors come grouped by ReplicatedJob.
        for (var i = 0; i < context.ReplicatedJobs.Count; i++)
        {
            errors.AddRange(ReplicasValidation.Validate(context, i));
            errors.AddRange(NameValidation.GeneratedNames(context, i));
            errors.AddRange(DependsOnValidation.Validate(context, i));
            errors.AddRange(InPlaceRestartValidation.Validate(context, i));
        }

        errors.AddRange(SuccessPolicyValidation.Validate(context));
        errors.AddRange(FailurePolicyValidation.Validate(context));
        errors.AddRange(CoordinatorValidation.Validate(context));
        errors.AddRange(VolumeClaimPolicyValidation.Validate(context, existingClaims));
        return ValidationResult.From(errors);
    }

    /// <summary>Validates an update of <paramref name="oldJobSet"/> to <paramref name="jobSet"/> (both defaulted).</summary>
    /// <param name="jobSet">The new version.</param>
    /// <param name="oldJobSet">The stored version (its status decides whether elastic changes are allowed).</param>
    /// <param name="gates">The feature gates in force.</param>
    public static ValidationResult ValidateUpdate(V1alpha2JobSet jobSet, V1alpha2JobSet oldJobSet, FeatureGates gates)
    {
        ArgumentNullException.ThrowIfNull(jobSet);
        ArgumentNullException.ThrowIfNull(oldJobSet);
        ArgumentNullException.ThrowIfNull(gates);
        var schema = SchemaValidation.Validate(jobSet.Spec).Concat(UpdateValidation.Transitions(jobSet.Spec, oldJobSet.Spec)).ToList();
        if (schema.Count > 0)
        {
            return ValidationResult.From(schema);
        }

        return ValidationResult.From([.. ObjectMetaRules.Validate(jobSet.Metadata?.Labels, jobSet.Metadata?.Annotations), .. UpdateValidation.Webhook(jobSet, oldJobSet, gates)]);
    }
}
