using System.Text.Json.Nodes;
using JobSet.Core.Api;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Core.Admission.Rules;

/// <summary>
/// Volume-claim policies: unique DNS-1123 claim names, generated PVC names (<c>&lt;claim&gt;-&lt;jobset&gt;</c>)
/// of at most 63 characters, a matching volumeMount somewhere and no clashing pod volume, and,
/// when a PVC of that name already exists, the same spec and retention Retain.
/// Paths use upstream's <c>template[i]</c> spelling.
/// </summary>
internal static class VolumeClaimPolicyValidation
{
    /// <summary>The longest generated PVC name.</summary>
    public const int MaxVolumeClaimLength = 63;

    public static IEnumerable<FieldError> Validate(CreateContext context, IReadOnlyCollection<V1PersistentVolumeClaim>? existingClaims)
    {
        var policies = context.Spec.VolumeClaimPolicies ?? [];
        if (policies.Count == 0)
        {
            return [];
        }

        var namespaceName = context.JobSet.NamespaceOrDefault();
        var existing = IndexClaims(existingClaims, namespaceName);
        var mounts = MountedVolumeNames(context.ReplicatedJobs);
        var volumes = PodVolumes(context.ReplicatedJobs);
        var errors = new List<FieldError>();
        var claimNames = new HashSet<string>(StringComparer.Ordinal);

        for (var p = 0; p < policies.Count; p++)
        {
            var policy = policies[p];
            var policyPath = FieldPath.VolumeClaimPolicy(p);
            var templates = policy.Templates ?? [];
            for (var t = 0; t < templates.Count; t++)
            {
                var template = templates[t];
                var claimName = template.Metadata?.Name ?? "";
                var templatePath = FieldPath.Index(policyPath + ".template", t);
                if (claimNames.Contains(claimName))
                {
                    errors.Add(FieldErrors.Invalid(templatePath + ".name", claimName, "names must be unique for VolumeClaimPolicies template"));
                }

                foreach (var message in KubeNames.Dns1123Subdomain(claimName))
                {
                    errors.Add(FieldErrors.Invalid(templatePath + ".name", claimName, message));
                }

                var pvcName = PvcName(context.Name, claimName);
                if (pvcName.Length > MaxVolumeClaimLength)
                {
                    errors.Add(FieldErrors.Invalid(templatePath + ".name", claimName, "VolumeClaimPolicies template name is too long"));
                }

                if (volumes.TryGetValue(claimName, out var clashes))
                {
                    foreach (var clash in clashes)
                    {
                        errors.Add(FieldErrors.Invalid(clash, claimName, $"volume name conflicts with VolumeClaimPolicy template name: {claimName}"));
                    }
                }

                if (!mounts.Contains(claimName))
                {
                    errors.Add(FieldErrors.Invalid(
                        "spec.replicatedJobs",
                        FieldErrors.Object,
                        $"replicatedJob containers don't have a matching volumeMount: {claimName} from VolumeClaimPolicies"));
                }

                if (existing.TryGetValue(pvcName, out var pvc))
                {
                    if (!JsonNode.DeepEquals(SpecNode(pvc.Spec), SpecNode(template.Spec)))
                    {
                        errors.Add(FieldErrors.Invalid(templatePath + ".spec", FieldErrors.Object, $"spec does not match existing PVC {pvcName} in namespace {namespaceName}"));
                    }

                    if (policy.RetentionPolicy is { } retention && retention.WhenDeleted != RetentionPolicyType.Retain)
                    {
                        errors.Add(FieldErrors.Invalid(policyPath + ".retentionPolicy.whenDeleted", retention.WhenDeleted, "retentionPolicy must be retain when PVC exists"));
                    }
                }

                claimNames.Add(claimName);
            }
        }

        return errors;
    }

    /// <summary>The name of the PVC made from a claim template: <c>&lt;claim&gt;-&lt;jobset&gt;</c>.</summary>
    public static string PvcName(string jobSetName, string claimName) => $"{claimName}-{jobSetName}";

    private static Dictionary<string, V1PersistentVolumeClaim> IndexClaims(IReadOnlyCollection<V1PersistentVolumeClaim>? claims, string namespaceName)
    {
        var byName = new Dictionary<string, V1PersistentVolumeClaim>(StringComparer.Ordinal);
        foreach (var claim in claims ?? [])
        {
            if (claim.NamespaceOrDefault() == namespaceName && claim.Metadata?.Name is { } name)
            {
                byName.TryAdd(name, claim);
            }
        }

        return byName;
    }

    /// <summary>Names mounted by any container or init container of any ReplicatedJob.</summary>
    private static HashSet<string> MountedVolumeNames(IList<V1alpha2ReplicatedJob> rjobs)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in rjobs.Select(r => r.PodSpec()).OfType<V1PodSpec>())
        {
            foreach (var container in (pod.InitContainers ?? []).Concat(pod.Containers ?? []))
            {
                foreach (var mount in container.VolumeMounts ?? [])
                {
                    names.Add(mount.Name);
                }
            }
        }

        return names;
    }

    /// <summary>Pod volume paths by volume name, in ReplicatedJob then volume order.</summary>
    private static Dictionary<string, List<string>> PodVolumes(IList<V1alpha2ReplicatedJob> rjobs)
    {
        var byName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < rjobs.Count; i++)
        {
            var volumes = rjobs[i].PodSpec()?.Volumes ?? [];
            for (var v = 0; v < volumes.Count; v++)
            {
                if (!byName.TryGetValue(volumes[v].Name, out var paths))
                {
                    byName[volumes[v].Name] = paths = [];
                }

                paths.Add(FieldPath.Index(FieldPath.ReplicatedJob(i) + ".template.spec.template.spec.volumes", v) + ".name");
            }
        }

        return byName;
    }

    private static JsonNode SpecNode(V1PersistentVolumeClaimSpec? spec) =>
        spec is null ? new JsonObject() : KubeSerializer.ToNode(spec);
}
