using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// volumeClaimPolicies: one PersistentVolumeClaim <c>&lt;claim&gt;-&lt;jobset&gt;</c> per template,
/// created when missing (upstream creates and ignores AlreadyExists, which is the same). With
/// retention Delete the claim is owned by the JobSet and garbage-collected with it; with
/// Retain it has no owner and outlives the JobSet.
/// </summary>
internal static class VolumeClaimStep
{
    public static void Plan(ReconcileContext context, IReadOnlyList<V1PersistentVolumeClaim> observed)
    {
        var policies = context.JobSet.Spec.VolumeClaimPolicies ?? [];
        if (policies.Count == 0)
        {
            return;
        }

        var existing = observed
            .Where(c => (c.Metadata?.NamespaceProperty ?? context.Namespace) == context.Namespace)
            .Select(c => c.Metadata?.Name ?? "")
            .ToHashSet(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            foreach (var template in policy.Templates ?? [])
            {
                var claim = Build(context.JobSet, policy, template, context.Namespace);
                if (existing.Add(claim.Metadata.Name))
                {
                    context.Create(claim);
                }
            }
        }
    }

    public static V1PersistentVolumeClaim Build(V1alpha2JobSet jobSet, V1alpha2VolumeClaimPolicy policy, V1PersistentVolumeClaim template, string ns)
    {
        var labels = JobBuilder.Sorted(template.Metadata?.Labels, [new(WellKnownKeys.JobSetName, InputCheckStep.NameOf(jobSet))]);
        var owned = policy.RetentionPolicy is not null && (policy.RetentionPolicy.WhenDeleted ?? RetentionPolicyType.Delete) == RetentionPolicyType.Delete;
        return new V1PersistentVolumeClaim
        {
            ApiVersion = "v1",
            Kind = "PersistentVolumeClaim",
            Metadata = new V1ObjectMeta
            {
                Name = Naming.ClaimName(InputCheckStep.NameOf(jobSet), InputCheckStep.NameOf(template)),
                NamespaceProperty = ns,
                Labels = labels,
                Annotations = template.Metadata?.Annotations is { } annotations ? JobBuilder.Sorted(annotations, []) : null,
                OwnerReferences = owned ? [JobBuilder.OwnerReference(jobSet)] : null,
            },
            Spec = ModelCopy.Of(template.Spec),
        };
    }
}
