using JobSet.Core.Api;

namespace JobSet.Core.Admission.Rules;

/// <summary>
/// The rules upstream's CRD schema declares, which the API server checks before any webhook:
/// required fields, enums, minimums, maxItems, unique keys of map lists, and the static CEL
/// rules (InOrder startup excludes dependsOn; claim templates carry no namespace).
/// </summary>
internal static class SchemaValidation
{
    /// <summary>The most dependsOn items per ReplicatedJob.</summary>
    public const int MaxDependsOn = 5;

    /// <summary>The most volume-claim policies, and the most templates per policy.</summary>
    public const int MaxVolumeClaimItems = 50;

    /// <summary>The CEL message for InOrder startup together with dependsOn.</summary>
    public const string StartupAndDependsOnExclusive = "StartupPolicy and DependsOn APIs are mutually exclusive";

    /// <summary>The CEL message for a claim template with a namespace.</summary>
    public const string ClaimTemplateNamespace = "namespace cannot be set for VolumeClaimPolicies templates";

    private static readonly string[] RestartStrategies = [RestartStrategy.Recreate, RestartStrategy.BlockingRecreate, RestartStrategy.InPlaceRestart];
    private static readonly string[] DependsOnStatuses = [DependsOnStatus.Ready, DependsOnStatus.Complete];
    private static readonly string[] SuccessOperators = [SuccessOperator.All, SuccessOperator.Any];
    private static readonly string[] StartupOrders = [StartupPolicyOrder.AnyOrder, StartupPolicyOrder.InOrder];
    private static readonly string[] RetentionPolicies = [RetentionPolicyType.Delete, RetentionPolicyType.Retain];

    public static IReadOnlyList<FieldError> Validate(V1alpha2JobSetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<FieldError>();
        ReplicatedJobs(spec, errors);
        Policies(spec, errors);
        VolumeClaimPolicies(spec, errors);
        if (spec.TtlSecondsAfterFinished is < 0)
        {
            errors.Add(FieldErrors.BelowMinimum("spec.ttlSecondsAfterFinished", spec.TtlSecondsAfterFinished.Value, 0));
        }

        if (spec.StartupPolicy?.StartupPolicyOrder == StartupPolicyOrder.InOrder && (spec.ReplicatedJobs ?? []).Any(r => r.DependsOn is not null))
        {
            errors.Add(FieldErrors.Invalid("spec", FieldErrors.Object, StartupAndDependsOnExclusive));
        }

        return errors;
    }

    private static void ReplicatedJobs(V1alpha2JobSetSpec spec, List<FieldError> errors)
    {
        var rjobs = spec.ReplicatedJobs ?? [];
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rjobs.Count; i++)
        {
            var rjob = rjobs[i];
            var path = FieldPath.ReplicatedJob(i);
            if (string.IsNullOrEmpty(rjob.Name))
            {
                errors.Add(FieldErrors.Required(path + ".name"));
            }
            else if (IsSecondOccurrence(names, rjob.Name))
            {
                errors.Add(FieldErrors.Duplicate(path, "name", rjob.Name));
            }

            if (rjob.Template is null)
            {
                errors.Add(FieldErrors.Required(path + ".template"));
            }

            if (rjob.Replicas is < 0)
            {
                errors.Add(FieldErrors.BelowMinimum(path + ".replicas", rjob.Replicas.Value, 0));
            }

            var dependsOn = rjob.DependsOn ?? [];
            if (dependsOn.Count > MaxDependsOn)
            {
                errors.Add(FieldErrors.TooMany(path + ".dependsOn", dependsOn.Count, MaxDependsOn));
            }

            var dependencyNames = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var j = 0; j < dependsOn.Count; j++)
            {
                var itemPath = FieldPath.Index(path + ".dependsOn", j);
                if (string.IsNullOrEmpty(dependsOn[j].Name))
                {
                    errors.Add(FieldErrors.Required(itemPath + ".name"));
                }
                else if (IsSecondOccurrence(dependencyNames, dependsOn[j].Name))
                {
                    errors.Add(FieldErrors.Duplicate(itemPath, "name", dependsOn[j].Name));
                }

                CheckEnum(itemPath + ".status", dependsOn[j].Status, DependsOnStatuses, required: true, errors);
            }
        }
    }

    private static void Policies(V1alpha2JobSetSpec spec, List<FieldError> errors)
    {
        if (spec.SuccessPolicy is { } success)
        {
            CheckEnum("spec.successPolicy.operator", success.Operator, SuccessOperators, required: true, errors);
        }

        if (spec.StartupPolicy is { } startup)
        {
            CheckEnum("spec.startupPolicy.startupPolicyOrder", startup.StartupPolicyOrder, StartupOrders, required: true, errors);
        }

        if (spec.Coordinator is { } coordinator && string.IsNullOrEmpty(coordinator.ReplicatedJob))
        {
            errors.Add(FieldErrors.Required("spec.coordinator.replicatedJob"));
        }

        if (spec.FailurePolicy is { } failure)
        {
            CheckEnum("spec.failurePolicy.restartStrategy", failure.RestartStrategy, RestartStrategies, required: false, errors);
            var rules = failure.Rules ?? [];
            for (var i = 0; i < rules.Count; i++)
            {
                CheckEnum(FieldPath.Rule(i) + ".action", rules[i].Action, FailurePolicyAction.All, required: true, errors);
            }
        }
    }

    private static void VolumeClaimPolicies(V1alpha2JobSetSpec spec, List<FieldError> errors)
    {
        var policies = spec.VolumeClaimPolicies ?? [];
        if (policies.Count > MaxVolumeClaimItems)
        {
            errors.Add(FieldErrors.TooMany("spec.volumeClaimPolicies", policies.Count, MaxVolumeClaimItems));
        }

        for (var i = 0; i < policies.Count; i++)
        {
            var path = FieldPath.VolumeClaimPolicy(i);
            var templates = policies[i].Templates ?? [];
            if (templates.Count > MaxVolumeClaimItems)
            {
                errors.Add(FieldErrors.TooMany(path + ".templates", templates.Count, MaxVolumeClaimItems));
            }

            CheckEnum(path + ".retentionPolicy.whenDeleted", policies[i].RetentionPolicy?.WhenDeleted, RetentionPolicies, required: false, errors);
            if (templates.Any(t => !string.IsNullOrEmpty(t.Metadata?.NamespaceProperty)))
            {
                errors.Add(FieldErrors.Invalid(path, FieldErrors.Object, ClaimTemplateNamespace));
            }
        }
    }

    /// <summary>Counts a key; as the API server, only its second occurrence is reported.</summary>
    private static bool IsSecondOccurrence(Dictionary<string, int> seen, string key)
    {
        seen[key] = seen.GetValueOrDefault(key) + 1;
        return seen[key] == 2;
    }

    private static void CheckEnum(string path, string? value, IReadOnlyList<string> allowed, bool required, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                errors.Add(FieldErrors.Required(path));
            }

            return;
        }

        if (!allowed.Contains(value))
        {
            errors.Add(FieldErrors.NotSupported(path, value, allowed));
        }
    }
}
