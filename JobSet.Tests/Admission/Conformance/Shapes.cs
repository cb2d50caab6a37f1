using JobSet.Core.Admission;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Tests.Admission.Conformance;

/// <summary>
/// Builders for the small JobSets upstream's webhook tests feed to their validator: a name,
/// a list of ReplicatedJobs with a one-container pod, and a success policy. Upstream's unit
/// tests skip the CRD schema; ours run it first, so every shape here is schema-valid
/// (the success policy has its required operator, rules have an action).
/// </summary>
internal static class Shapes
{
    public const string Ns = "default";

    public static V1alpha2JobSet JobSetOf(string? name, params V1alpha2ReplicatedJob[] rjobs) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
        Spec = new V1alpha2JobSetSpec
        {
            ReplicatedJobs = [.. rjobs],
            SuccessPolicy = new V1alpha2SuccessPolicy { Operator = SuccessOperator.All },
        },
    };

    public static V1alpha2JobSet Generated(string generateName, params V1alpha2ReplicatedJob[] rjobs)
    {
        var jobSet = JobSetOf(null, rjobs);
        jobSet.Metadata.GenerateName = generateName;
        return jobSet;
    }

    /// <summary>A ReplicatedJob; <paramref name="indexed"/> sets completionMode Indexed (upstream's unit tests are not defaulted).</summary>
    public static V1alpha2ReplicatedJob RJob(string name, int? replicas = 1, int? parallelism = null, int? completions = null, bool indexed = false) => new()
    {
        Name = name,
        GroupName = "default",
        Replicas = replicas,
        Template = new V1JobTemplateSpec
        {
            Spec = new V1JobSpec
            {
                Parallelism = parallelism,
                Completions = completions,
                CompletionMode = indexed ? "Indexed" : null,
                Template = Pod(),
            },
        },
    };

    public static V1PodTemplateSpec Pod() => new()
    {
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] },
    };

    public static V1alpha2ReplicatedJob Mounting(this V1alpha2ReplicatedJob rjob, string volume, bool initContainer = false)
    {
        var pod = rjob.Template.Spec.Template.Spec;
        var mount = new V1VolumeMount { Name = volume, MountPath = "/mnt/" + volume };
        if (initContainer)
        {
            pod.InitContainers = [new V1Container { Name = "init", Image = "busybox", VolumeMounts = [mount] }];
        }
        else
        {
            pod.Containers[0].VolumeMounts = [.. pod.Containers[0].VolumeMounts ?? [], mount];
        }

        return rjob;
    }

    public static V1alpha2ReplicatedJob DependingOn(this V1alpha2ReplicatedJob rjob, params string[] names)
    {
        rjob.DependsOn = [.. names.Select(n => new V1alpha2DependsOn { Name = n, Status = DependsOnStatus.Complete })];
        return rjob;
    }

    public static V1alpha2ReplicatedJob WithJob(this V1alpha2ReplicatedJob rjob, Action<V1JobSpec> change)
    {
        change(rjob.Template.Spec);
        return rjob;
    }

    public static V1alpha2JobSet Renamed(this V1alpha2JobSet jobSet, string name)
    {
        jobSet.Metadata.Name = name;
        return jobSet;
    }

    public static V1alpha2JobSet With(this V1alpha2JobSet jobSet, Action<V1alpha2JobSetSpec> change)
    {
        change(jobSet.Spec);
        return jobSet;
    }

    public static V1PersistentVolumeClaimSpec ClaimSpec(string accessMode = "ReadWriteMany", string size = "1Gi") => new()
    {
        AccessModes = [accessMode],
        Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new ResourceQuantity(size) } },
    };

    public static V1alpha2VolumeClaimPolicy Claim(string name, string? whenDeleted = RetentionPolicyType.Delete, V1PersistentVolumeClaimSpec? spec = null) => new()
    {
        Templates = [new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = name }, Spec = spec ?? ClaimSpec() }],
        RetentionPolicy = whenDeleted is null ? null : new V1alpha2VolumeRetentionPolicy { WhenDeleted = whenDeleted },
    };

    public static V1PersistentVolumeClaim ExistingClaim(string name, V1PersistentVolumeClaimSpec spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
        Spec = spec,
    };

    /// <summary>All errors, one per line, for assertion messages.</summary>
    public static string Dump(IEnumerable<FieldError> errors) => "errors were:\n" + string.Join("\n", errors);

    /// <summary>Asserts an error at exactly <paramref name="path"/> whose message contains <paramref name="keyWords"/>.</summary>
    public static void AssertHas(ValidationResult result, string path, string keyWords)
    {
        Assert.That(
            result.Errors,
            Has.Some.Matches<FieldError>(e => e.Path == path && e.Message.Contains(keyWords, StringComparison.Ordinal)),
            () => Dump(result.Errors));
    }
}
