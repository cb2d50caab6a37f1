using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Admission.Rules;

/// <summary>
/// Update rules. The CRD's CEL transition rules (<c>self == oldSelf</c>, only checked when the
/// field is present in both versions) keep network, successPolicy, failurePolicy, startupPolicy,
/// volumeClaimPolicies and each ReplicatedJob's dependsOn. The webhook keeps replicatedJobs and
/// managedBy, except pod-template fields Kueue changes while suspended and, with ElasticJobSet,
/// parallelism/completions of Indexed Jobs.
/// </summary>
internal static class UpdateValidation
{
    /// <summary>The CEL message for a changed immutable field.</summary>
    public const string ValueIsImmutable = "Value is immutable";

    /// <summary>apimachinery's message for a changed immutable field.</summary>
    public const string FieldIsImmutable = "field is immutable";

    /// <summary>Upstream's message for an elastic change of a finished JobSet.</summary>
    public const string TerminalElasticChange = "Cannot mutate parallelism or completions when JobSet is in a terminal state (Completed or Failed)";

    /// <summary>The CEL transition rules.</summary>
    public static IEnumerable<FieldError> Transitions(V1alpha2JobSetSpec spec, V1alpha2JobSetSpec old)
    {
        foreach (var (path, now, before, schemaType) in new (string, object?, object?, object)[]
        {
            ("spec.network", spec.Network, old.Network, FieldErrors.Object),
            ("spec.successPolicy", spec.SuccessPolicy, old.SuccessPolicy, FieldErrors.Object),
            ("spec.failurePolicy", spec.FailurePolicy, old.FailurePolicy, FieldErrors.Object),
            ("spec.startupPolicy", spec.StartupPolicy, old.StartupPolicy, FieldErrors.Object),
            ("spec.volumeClaimPolicies", spec.VolumeClaimPolicies, old.VolumeClaimPolicies, FieldErrors.Array),
        })
        {
            if (now is not null && before is not null && !SemanticEquality.AreEqual(now, before))
            {
                yield return FieldErrors.Invalid(path, schemaType, ValueIsImmutable);
            }
        }

        // replicatedJobs is a map list keyed by name: CEL pairs items by name, not position.
        var oldByName = ByName(old);
        var rjobs = spec.ReplicatedJobs ?? [];
        for (var i = 0; i < rjobs.Count; i++)
        {
            if (rjobs[i].DependsOn is { } dependsOn
                && oldByName.TryGetValue(rjobs[i].Name, out var oldRJob)
                && oldRJob.DependsOn is { } oldDependsOn
                && !SemanticEquality.AreEqual(dependsOn, oldDependsOn))
            {
                yield return FieldErrors.Invalid(FieldPath.ReplicatedJob(i) + ".dependsOn", FieldErrors.Array, ValueIsImmutable);
            }
        }
    }

    /// <summary>The webhook's update rules.</summary>
    public static IReadOnlyList<FieldError> Webhook(V1alpha2JobSet jobSet, V1alpha2JobSet old, FeatureGates gates)
    {
        var errors = new List<FieldError>();
        var oldByName = ByName(old.Spec);

        // A copy of the new ReplicatedJobs with the fields allowed to change put back to their old values.
        var munged = ModelCopy.Of(jobSet.Spec)!.ReplicatedJobs ?? [];
        var rjobs = jobSet.Spec.ReplicatedJobs ?? [];

        if (gates.ElasticJobSet)
        {
            var terminal = IsTrue(old, JobSetConditionType.Completed) || IsTrue(old, JobSetConditionType.Failed);
            for (var i = 0; i < rjobs.Count; i++)
            {
                // Only Indexed Jobs scale; other Jobs keep parallelism and completions immutable.
                // (A plain local, not an out variable: Stryker cannot compile a mutant of the condition otherwise.)
                var oldRJob = oldByName.GetValueOrDefault(rjobs[i].Name);
                if (!rjobs[i].IsIndexed() || oldRJob is null)
                {
                    continue;
                }

                ElasticChange(rjobs[i], oldRJob, FieldPath.ReplicatedJob(i) + ".template.spec", terminal, errors);
                var spec = EnsureJobSpec(munged[i]);
                spec.Parallelism = oldRJob.Parallelism();
                spec.Completions = oldRJob.Completions();
            }
        }

        if (old.Spec.Suspend == true || jobSet.Spec.Suspend == true)
        {
            for (var i = 0; i < rjobs.Count; i++)
            {
                var oldRJob = oldByName.GetValueOrDefault(rjobs[i].Name);
                if (oldRJob is null)
                {
                    continue;
                }

                // What Kueue changes when it admits a workload; schedulingGates as batch/v1 allows.
                var pod = EnsurePodTemplate(munged[i]);
                var oldPod = oldRJob.Template?.Spec?.Template;
                pod.Metadata ??= new V1ObjectMeta();
                pod.Metadata.Annotations = oldPod?.Metadata?.Annotations;
                pod.Metadata.Labels = oldPod?.Metadata?.Labels;
                pod.Spec ??= new V1PodSpec();
                pod.Spec.NodeSelector = oldPod?.Spec?.NodeSelector;
                pod.Spec.Tolerations = oldPod?.Spec?.Tolerations;
                pod.Spec.SchedulingGates = oldPod?.Spec?.SchedulingGates;
            }
        }

        if (!SemanticEquality.AreEqual(munged, old.Spec.ReplicatedJobs ?? []))
        {
            errors.Add(FieldErrors.Invalid("spec.replicatedJobs", FieldErrors.Object, FieldIsImmutable));
        }

        if (jobSet.Spec.ManagedBy != old.Spec.ManagedBy)
        {
            errors.Add(FieldErrors.Invalid("spec.managedBy", jobSet.Spec.ManagedBy, FieldIsImmutable));
        }

        return errors;
    }

    private static void ElasticChange(V1alpha2ReplicatedJob rjob, V1alpha2ReplicatedJob oldRJob, string path, bool terminal, List<FieldError> errors)
    {
        var parallelism = rjob.Parallelism();
        var completions = rjob.Completions();
        var parallelismChanged = parallelism != oldRJob.Parallelism();
        var completionsChanged = completions != oldRJob.Completions();
        if (!parallelismChanged && !completionsChanged)
        {
            return;
        }

        if (terminal)
        {
            errors.Add(FieldErrors.Forbidden(path, TerminalElasticChange));
            return;
        }

        if (parallelismChanged && parallelism is < 1)
        {
            errors.Add(FieldErrors.Invalid(path + ".parallelism", parallelism, "parallelism must be >= 1"));
        }

        if (completionsChanged && completions is < 1)
        {
            errors.Add(FieldErrors.Invalid(path + ".completions", completions, "completions must be >= 1"));
        }

        if (parallelism is not null && completions is not null && parallelism != completions)
        {
            errors.Add(FieldErrors.Invalid(path + ".completions", completions, "completions must be equal to parallelism for Elastic Indexed Jobs"));
        }
    }

    private static bool IsTrue(V1alpha2JobSet jobSet, string type) =>
        jobSet.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;

    private static Dictionary<string, V1alpha2ReplicatedJob> ByName(V1alpha2JobSetSpec spec)
    {
        var byName = new Dictionary<string, V1alpha2ReplicatedJob>(StringComparer.Ordinal);
        foreach (var rjob in spec.ReplicatedJobs ?? [])
        {
            byName.TryAdd(rjob.Name, rjob);
        }

        return byName;
    }

    private static V1JobSpec EnsureJobSpec(V1alpha2ReplicatedJob rjob)
    {
        rjob.Template ??= new V1JobTemplateSpec();
        return rjob.Template.Spec ??= new V1JobSpec();
    }

    private static V1PodTemplateSpec EnsurePodTemplate(V1alpha2ReplicatedJob rjob) =>
        EnsureJobSpec(rjob).Template ??= new V1PodTemplateSpec();
}
