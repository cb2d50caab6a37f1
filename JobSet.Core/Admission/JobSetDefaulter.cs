using JobSet.Core.Api;
using JobSet.Core.Serialization;

namespace JobSet.Core.Admission;

/// <summary>
/// Defaulting of a JobSet exactly as a real cluster applies it: first the defaults the
/// upstream CRD schema declares (applied by the API server), then the mutating webhook's.
/// Pure and idempotent: <c>Apply(Apply(x))</c> equals <c>Apply(x)</c>.
/// </summary>
public static class JobSetDefaulter
{
    /// <summary>The prefix of a default failure-policy rule name, followed by the rule's index.</summary>
    public const string DefaultRuleNamePrefix = "failurePolicyRule";

    /// <summary>The default group name of a ReplicatedJob (CRD schema default).</summary>
    public const string DefaultGroupName = "default";

    /// <summary>Returns a defaulted copy; the input is not changed.</summary>
    public static V1alpha2JobSet Apply(V1alpha2JobSet jobSet)
    {
        ArgumentNullException.ThrowIfNull(jobSet);
        var copy = ModelCopy.Of(jobSet)!;

        // A request body may carry "spec": null; the stored object has an empty spec, as the wire format reads it.
        copy.Metadata ??= new();
        copy.Spec ??= new();
        ApplySchemaDefaults(copy.Spec);
        ApplyWebhookDefaults(copy.Spec);
        DropEmptyOptionalLists(copy.Spec);
        return copy;
    }

    /// <summary>Defaults declared by <c>default:</c> in the upstream CRD's OpenAPI schema.</summary>
    private static void ApplySchemaDefaults(V1alpha2JobSetSpec spec)
    {
        foreach (var rjob in spec.ReplicatedJobs ?? [])
        {
            rjob.GroupName ??= DefaultGroupName;
            rjob.Replicas ??= 1;
            ApplyPodSchemaDefaults(rjob.Template?.Spec?.Template?.Spec);
        }

        if (spec.FailurePolicy is { } failurePolicy)
        {
            failurePolicy.RestartStrategy ??= RestartStrategy.Recreate;
        }

        foreach (var policy in spec.VolumeClaimPolicies ?? [])
        {
            if (policy.RetentionPolicy is { } retention)
            {
                retention.WhenDeleted ??= RetentionPolicyType.Delete;
            }
        }
    }

    /// <summary>
    /// The defaults the CRD's embedded pod schema declares and the API server applies to every
    /// container kind: port protocol TCP and fileKeyRef optional false. (The legacy volume
    /// sources' schema defaults, such as azureDisk fsType, are not applied.)
    /// </summary>
    private static void ApplyPodSchemaDefaults(k8s.Models.V1PodSpec? pod)
    {
        if (pod is null)
        {
            return;
        }

        foreach (var container in pod.Containers ?? [])
        {
            ApplyContainerDefaults(container.Ports, container.Env);
        }

        foreach (var container in pod.InitContainers ?? [])
        {
            ApplyContainerDefaults(container.Ports, container.Env);
        }

        foreach (var container in pod.EphemeralContainers ?? [])
        {
            ApplyContainerDefaults(container.Ports, container.Env);
        }
    }

    private static void ApplyContainerDefaults(IList<k8s.Models.V1ContainerPort>? ports, IList<k8s.Models.V1EnvVar>? env)
    {
        foreach (var port in ports ?? [])
        {
            port.Protocol ??= "TCP";
        }

        foreach (var variable in env ?? [])
        {
            if (variable.ValueFrom?.FileKeyRef is { } fileKey)
            {
                fileKey.Optional ??= false;
            }
        }
    }

    /// <summary>
    /// The mutating webhook answers with a patch from the object as received to the object as
    /// Go marshals it, and Go omits empty <c>omitempty</c> lists: so an empty <c>dependsOn</c> or
    /// <c>volumeClaimPolicies</c> list is gone before the schema (CEL <c>has()</c>, transition
    /// rules) and the validating webhook (a nil check) look at it. Only the lists whose
    /// presence a rule tests are dropped here.
    /// </summary>
    private static void DropEmptyOptionalLists(V1alpha2JobSetSpec spec)
    {
        foreach (var rjob in spec.ReplicatedJobs ?? [])
        {
            if (rjob.DependsOn is { Count: 0 })
            {
                rjob.DependsOn = null;
            }
        }

        if (spec.VolumeClaimPolicies is { Count: 0 })
        {
            spec.VolumeClaimPolicies = null;
        }
    }

    /// <summary>Defaults set by upstream's mutating admission webhook.</summary>
    private static void ApplyWebhookDefaults(V1alpha2JobSetSpec spec)
    {
        spec.SuccessPolicy ??= new V1alpha2SuccessPolicy { Operator = SuccessOperator.All };
        spec.StartupPolicy ??= new V1alpha2StartupPolicy { StartupPolicyOrder = StartupPolicyOrder.AnyOrder };

        foreach (var rjob in spec.ReplicatedJobs ?? [])
        {
            rjob.Template ??= new k8s.Models.V1JobTemplateSpec();
            rjob.Template.Spec ??= new k8s.Models.V1JobSpec();
            rjob.Template.Spec.CompletionMode ??= "Indexed";
            rjob.Template.Spec.Template ??= new k8s.Models.V1PodTemplateSpec();
            rjob.Template.Spec.Template.Spec ??= new k8s.Models.V1PodSpec();
            if (string.IsNullOrEmpty(rjob.Template.Spec.Template.Spec.RestartPolicy))
            {
                rjob.Template.Spec.Template.Spec.RestartPolicy = "OnFailure";
            }
        }

        spec.Network ??= new V1alpha2Network();
        spec.Network.EnableDnsHostnames ??= true;
        spec.Network.PublishNotReadyAddresses ??= true;

        var rules = spec.FailurePolicy?.Rules ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            if (string.IsNullOrEmpty(rules[i].Name))
            {
                rules[i].Name = DefaultRuleNamePrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        foreach (var policy in spec.VolumeClaimPolicies ?? [])
        {
            policy.RetentionPolicy ??= new V1alpha2VolumeRetentionPolicy { WhenDeleted = RetentionPolicyType.Delete };
        }
    }
}
