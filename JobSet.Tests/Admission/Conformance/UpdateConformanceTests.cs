using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Serialization;
using k8s.Models;
using static JobSet.Tests.Admission.Conformance.Shapes;

namespace JobSet.Tests.Admission.Conformance;

/// <summary>
/// Update validation against upstream's webhook unit tests (pkg/webhooks/jobset_webhook_test.go,
/// TestValidateUpdate) and the update entries of its webhook integration tests
/// (test/integration/webhook/jobset_webhook_test.go). Unit cases give the old and the new
/// object as upstream does (not defaulted); integration cases create a defaulted JobSet and
/// change a copy of it, as a client updating a stored object does.
/// </summary>
public class UpdateConformanceTests
{
    private static readonly FeatureGates Elastic = new(ElasticJobSet: true);

    private static IEnumerable<TestCaseData> Rejected()
    {
        // TestValidateUpdate / "managedBy is immutable".
        yield return Bad("managedBy changed",
            () => Two().With(s => s.ManagedBy = "example.com/old"),
            () => Two().With(s => s.ManagedBy = "example.com/new"),
            "spec.managedBy", "Invalid value: \"example.com/new\": field is immutable");

        // TestValidateUpdate / "replicated job pod template cannot be updated for running jobset".
        yield return Bad("pod template annotation added while running",
            () => One(),
            () => One().WithPod(p => p.Metadata = new V1ObjectMeta { Annotations = Map("key", "value") }),
            "spec.replicatedJobs", "field is immutable");

        // TestValidateUpdate / "schedulingGates for pod template cannot be updated for unsuspended JobSet".
        yield return Bad("scheduling gate added while running",
            () => One(),
            () => One().WithPod(p => p.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/gate" }]),
            "spec.replicatedJobs", "field is immutable");

        // TestValidateUpdate / "replicated job name cannot be updated" (even while suspended).
        yield return Bad("ReplicatedJob renamed while suspended",
            () => One().Suspended(true),
            () => One("new-replicated-job-name"),
            "spec.replicatedJobs", "field is immutable");

        // TestValidateUpdate / "invalid scaling of parallelism to < 1".
        yield return Bad("elastic: parallelism to 0",
            () => Scalable(parallelism: 2, completions: null),
            () => Scalable(parallelism: 0, completions: null),
            "spec.replicatedJobs[0].template.spec.parallelism", "Invalid value: 0: parallelism must be >= 1",
            Elastic);

        // TestValidateUpdate / "invalid scaling of completions to < 1".
        yield return Bad("elastic: completions to 0",
            () => Scalable(parallelism: null, completions: 2),
            () => Scalable(parallelism: null, completions: 0),
            "spec.replicatedJobs[0].template.spec.completions", "Invalid value: 0: completions must be >= 1",
            Elastic);

        // TestValidateUpdate / "cannot scale parallelism if JobSet is Completed".
        yield return Bad("elastic: parallelism of a Completed JobSet",
            () => Scalable(parallelism: 2, completions: null).Finished(JobSetConditionType.Completed),
            () => Scalable(parallelism: 4, completions: null),
            "spec.replicatedJobs[0].template.spec", "Forbidden: Cannot mutate parallelism or completions when JobSet is in a terminal state (Completed or Failed)",
            Elastic);

        // TestValidateUpdate / "cannot scale completions if JobSet is Failed".
        yield return Bad("elastic: completions of a Failed JobSet",
            () => Scalable(parallelism: null, completions: 2).Finished(JobSetConditionType.Failed),
            () => Scalable(parallelism: null, completions: 4),
            "spec.replicatedJobs[0].template.spec", "Forbidden: Cannot mutate parallelism or completions",
            Elastic);

        // TestValidateUpdate / "immutability still enforced for other fields during valid scale".
        yield return Bad("elastic: replicas changed along with a valid scale",
            () => Scalable(parallelism: 2, completions: null, replicas: null),
            () => Scalable(parallelism: 4, completions: null, replicas: 2),
            "spec.replicatedJobs", "field is immutable",
            Elastic);

        // TestValidateUpdate / "invalid scaling of parallelism and completions when feature gate is disabled".
        yield return Bad("scale with the ElasticJobSet gate off",
            () => One(replicas: 2, parallelism: 2, completions: 2),
            () => One(replicas: 2, parallelism: 8, completions: 8),
            "spec.replicatedJobs", "field is immutable");

        // TestValidateUpdate / "invalid scaling: parallelism and completions must be equal".
        yield return Bad("elastic: parallelism 4, completions 5",
            () => Scalable(parallelism: 2, completions: 2, replicas: 2),
            () => Scalable(parallelism: 4, completions: 5, replicas: 2),
            "spec.replicatedJobs[0].template.spec.completions", "Invalid value: 5: completions must be equal to parallelism for Elastic Indexed Jobs",
            Elastic);

        // TestValidateUpdate / "adding a new ReplicatedJob while suspended does not panic and is rejected".
        yield return Bad("ReplicatedJob added while suspended",
            () => JobSetOf("js", RJob("job-a", parallelism: 2)).Suspended(true),
            () => JobSetOf("js", RJob("job-a", parallelism: 2), RJob("job-b", parallelism: 2)).Suspended(true),
            "spec.replicatedJobs", "field is immutable");

        // TestValidateUpdate / "invalid scaling: immutability enforced for NonIndexed jobs even when ElasticJobSet is enabled".
        yield return Bad("elastic: NonIndexed Jobs do not scale",
            () => One(parallelism: 2, completions: 2).WithJobs(j => j.CompletionMode = "NonIndexed"),
            () => One(parallelism: 4, completions: 4).WithJobs(j => j.CompletionMode = "NonIndexed"),
            "spec.replicatedJobs", "field is immutable",
            Elastic);

        // Integration "validate jobSet should fail on NodeSelectors Update".
        yield return Changed("nodeSelector added while running",
            Created(),
            js => js.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec.NodeSelector = Map("test", "test"),
            "spec.replicatedJobs", "field is immutable");

        // Integration "validate jobSet immutable for fields over than NodeSelector when jobSet is not suspended".
        yield return Changed("pod hostname and subdomain changed while running",
            Created(),
            js =>
            {
                js.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec.Hostname = "test";
                js.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec.Subdomain = "test";
            },
            "spec.replicatedJobs", "field is immutable");

        // Integration "SuccessPolicy should be immutable" (a CEL transition rule).
        yield return Changed("success policy targets changed",
            Created(),
            js => js.Spec.SuccessPolicy!.TargetReplicatedJobs = ["test", "test2"],
            "spec.successPolicy", "Invalid value: \"object\": Value is immutable");

        // Integration "FailurePolicy should be immutable".
        yield return Changed("maxRestarts changed",
            Created(s => s.FailurePolicy = new V1alpha2FailurePolicy { MaxRestarts = 3 }),
            js => js.Spec.FailurePolicy = new V1alpha2FailurePolicy { MaxRestarts = 21, RestartStrategy = RestartStrategy.Recreate },
            "spec.failurePolicy", "Value is immutable");

        // Integration "validate jobSet immutable for managedBy field" (suspended, still immutable).
        yield return Changed("managedBy set on a suspended JobSet",
            Created(s => s.Suspend = true),
            js => js.Spec.ManagedBy = "new-manager",
            "spec.managedBy", "field is immutable");

        // Integration "updating pod template in running jobset is not allowed".
        yield return Changed("pod template annotation added to a running JobSet",
            Created(s => s.ReplicatedJobs![0].Template.Spec.Template.Metadata = new V1ObjectMeta { Annotations = Map("old", "annotation") }),
            js => js.Spec.ReplicatedJobs![0].Template.Spec.Template.Metadata.Annotations["new"] = "annotation",
            "spec.replicatedJobs", "field is immutable");

        // Integration "DependsOn must be immutable".
        yield return Changed("dependsOn status changed",
            () => JobSetDefaulter.Apply(JobSetOf("depends-on", RJob("rjob-1"), RJob("rjob-2").DependingOn("rjob-1"))),
            js => js.Spec.ReplicatedJobs![1].DependsOn![0] = new V1alpha2DependsOn { Name = "rjob-1", Status = DependsOnStatus.Ready },
            "spec.replicatedJobs[1].dependsOn", "Invalid value: \"array\": Value is immutable");

        // Integration "VolumeClaimPolicies must be immutable".
        yield return Changed("claim retention changed",
            () => JobSetDefaulter.Apply(JobSetOf("volume-claim-policies", RJob("rjob").Mounting("test-volume")).With(s => s.VolumeClaimPolicies = [Claim("test-volume", whenDeleted: null)])),
            js => js.Spec.VolumeClaimPolicies![0].RetentionPolicy!.WhenDeleted = RetentionPolicyType.Retain,
            "spec.volumeClaimPolicies", "Invalid value: \"array\": Value is immutable");

        // Integration "validate updating parallelism and completions FAILS when values are not equal".
        yield return Changed("elastic: 4 and 5 on a stored JobSet",
            Created(s => s.ReplicatedJobs = [RJob("rjob", parallelism: 2, completions: 2)]),
            js => { js.Spec.ReplicatedJobs![0].Template.Spec.Parallelism = 4; js.Spec.ReplicatedJobs[0].Template.Spec.Completions = 5; },
            "spec.replicatedJobs[0].template.spec.completions", "completions must be equal to parallelism for Elastic Indexed Jobs",
            Elastic);

        // Integration "validate updating parallelism and completions FAILS for NonIndexed jobs".
        yield return Changed("elastic: NonIndexed stored JobSet",
            Created(s => s.ReplicatedJobs = [RJob("rjob", parallelism: 2, completions: 2).WithJob(j => j.CompletionMode = "NonIndexed")]),
            js => { js.Spec.ReplicatedJobs![0].Template.Spec.Parallelism = 4; js.Spec.ReplicatedJobs[0].Template.Spec.Completions = 4; },
            "spec.replicatedJobs", "field is immutable",
            Elastic);

        // Integration "validate updating parallelism and completions FAILS when scaling to < 1".
        yield return Changed("elastic: both to 0 on a stored JobSet",
            Created(s => s.ReplicatedJobs = [RJob("rjob", parallelism: 2, completions: 2)]),
            js => { js.Spec.ReplicatedJobs![0].Template.Spec.Parallelism = 0; js.Spec.ReplicatedJobs[0].Template.Spec.Completions = 0; },
            "spec.replicatedJobs[0].template.spec.parallelism", "parallelism must be >= 1",
            Elastic);

        // Integration "validate updating parallelism and completions FAILS when ElasticJobSet is disabled".
        yield return Changed("scale a stored JobSet with the gate off",
            Created(s => s.ReplicatedJobs = [RJob("rjob", parallelism: 2, completions: 2)]),
            js => { js.Spec.ReplicatedJobs![0].Template.Spec.Parallelism = 4; js.Spec.ReplicatedJobs[0].Template.Spec.Completions = 4; },
            "spec.replicatedJobs", "field is immutable");

        // Kueue (shared notes): only the five scheduling fields are free while suspended;
        // anything else in the pod template stays immutable.
        yield return Changed("container image changed while suspended",
            Created(s => s.Suspend = true),
            js => js.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec.Containers[0].Image = "busybox:2",
            "spec.replicatedJobs", "field is immutable");
    }

    private static IEnumerable<TestCaseData> Accepted()
    {
        // TestValidateUpdate / "update suspend".
        yield return Good("suspend cleared", () => Two().Suspended(true), () => Two());

        // TestValidateUpdate / "update labels".
        yield return Good("JobSet labels added", () => Two().Suspended(true), () =>
        {
            var js = Two();
            js.Metadata.Labels = Map("hello", "world");
            return js;
        });

        // TestValidateUpdate / "replicated job pod template can be updated for suspended jobset".
        yield return Good("pod annotation added while suspended",
            () => One(replicas: 2, parallelism: 2).Suspended(true),
            () => One(replicas: 2, parallelism: 2).WithPod(p => p.Metadata = new V1ObjectMeta { Annotations = Map("key", "value") }));

        // TestValidateUpdate / "replicated job pod template can be updated for jobset getting suspended".
        yield return Good("pod annotation added while being suspended",
            () => One(replicas: 2, parallelism: 2).Suspended(false),
            () => One(replicas: 2, parallelism: 2).Suspended(true).WithPod(p => p.Metadata = new V1ObjectMeta { Annotations = Map("key", "value") }));

        // TestValidateUpdate / "schedulingGates for pod template can be updated for suspended JobSet".
        yield return Good("scheduling gate added while suspended",
            () => One(replicas: 2, parallelism: 2).Suspended(true),
            () => One(replicas: 2, parallelism: 2).WithPod(p => p.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/gate" }]));

        // TestValidateUpdate / "valid scaling of parallelism and completions".
        yield return Good("elastic: 2/2 to 8/8",
            () => Scalable(parallelism: 2, completions: 2, replicas: 2),
            () => Scalable(parallelism: 8, completions: 8, replicas: 2),
            Elastic);

        // Integration "validate jobSet should not fail on NodeSelectors Update when jobset is suspended".
        yield return Stored("nodeSelector added while suspended",
            Created(s => { s.Suspend = true; s.Network = new V1alpha2Network { EnableDnsHostnames = false, PublishNotReadyAddresses = true }; }),
            js => js.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec.NodeSelector = Map("test", "test"));

        // Integration "suspend jobset".
        yield return Stored("suspend a running JobSet", Created(), js => js.Spec.Suspend = true);

        // Integration "resume jobset".
        yield return Stored("resume a suspended JobSet", Created(s => s.Suspend = true), js => js.Spec.Suspend = false);

        // Integration "updating pod template in suspended jobset is allowed".
        yield return Stored("annotation and scheduling gate added while suspended",
            Created(s =>
            {
                s.Suspend = true;
                s.ReplicatedJobs![0].Template.Spec.Template.Metadata = new V1ObjectMeta { Annotations = Map("old", "annotation") };
            }),
            js =>
            {
                js.Spec.ReplicatedJobs![0].Template.Spec.Template.Metadata.Annotations["new"] = "annotation";
                js.Spec.ReplicatedJobs[0].Template.Spec.Template.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/gate" }];
            });

        // Integration "validate updating parallelism and completions is ALLOWED when ElasticJobSet is enabled".
        yield return Stored("elastic: 2/2 to 4/4 on a stored JobSet",
            Created(s => s.ReplicatedJobs = [RJob("rjob", parallelism: 2, completions: 2)]),
            js => { js.Spec.ReplicatedJobs![0].Template.Spec.Parallelism = 4; js.Spec.ReplicatedJobs[0].Template.Spec.Completions = 4; },
            Elastic);

        // Kueue admission (shared notes): one patch unsuspends and merges all five scheduling
        // fields into every pod template; the old object is the suspended one.
        yield return Stored("Kueue admission: unsuspend with all five scheduling fields",
            Created(s => s.Suspend = true),
            js =>
            {
                js.Spec.Suspend = false;
                KueueFields(js.Spec.ReplicatedJobs![0].Template.Spec.Template);
            });

        // Kueue eviction (shared notes): one patch suspends and restores the original
        // template; the new object is the suspended one.
        yield return Pair("Kueue eviction: suspend and restore the templates",
            () =>
            {
                var admitted = JobSetDefaulter.Apply(One());
                KueueFields(admitted.Spec.ReplicatedJobs![0].Template.Spec.Template);
                return admitted;
            },
            () => JobSetDefaulter.Apply(One()).Suspended(true));
    }

    [TestCaseSource(nameof(Rejected))]
    public void Rejects(Func<V1alpha2JobSet> old, Func<V1alpha2JobSet> updated, FeatureGates gates, string path, string keyWords)
    {
        var result = JobSetValidator.ValidateUpdate(updated(), old(), gates);

        AssertHas(result, path, keyWords);
    }

    [TestCaseSource(nameof(Accepted))]
    public void Accepts(Func<V1alpha2JobSet> old, Func<V1alpha2JobSet> updated, FeatureGates gates)
    {
        var result = JobSetValidator.ValidateUpdate(updated(), old(), gates);

        Assert.That(result.IsValid, Is.True, () => Dump(result.Errors));
    }

    // TestValidateUpdate / "reordering ReplicatedJobs evaluates ElasticJobSet scaling correctly by name":
    // the order change is an immutable-field error, and the scale of job-a is judged against
    // the old job-a (no elastic error).
    [Test]
    public void Reordering_is_immutable_and_elastic_rules_pair_by_name()
    {
        var old = JobSetOf("js", RJob("job-a", parallelism: 2, completions: 2, indexed: true), RJob("job-b", parallelism: 2, completions: 2, indexed: true));
        var updated = JobSetOf("js", RJob("job-b", parallelism: 2, completions: 2, indexed: true), RJob("job-a", parallelism: 4, completions: 4, indexed: true));

        var errors = JobSetValidator.ValidateUpdate(updated, old, Elastic).Errors;

        Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[] { "spec.replicatedJobs: Invalid value: \"object\": field is immutable" }));
    }

    // TestValidateUpdate / "valid scaling of parallelism and completions", with Kueue's fields
    // on top: elastic masking and suspended masking combine.
    [Test]
    public void Elastic_scale_and_Kueue_fields_together_while_suspended()
    {
        var old = Scalable(parallelism: 2, completions: 2).Suspended(true);
        var updated = Scalable(parallelism: 3, completions: 3);
        KueueFields(updated.Spec.ReplicatedJobs![0].Template.Spec.Template);

        var result = JobSetValidator.ValidateUpdate(updated, old, Elastic);

        Assert.That(result.IsValid, Is.True, () => Dump(result.Errors));
    }

    private static V1alpha2JobSet Two() => JobSetOf("js", RJob("test-jobset-replicated-job-0", parallelism: 1), RJob("test-jobset-replicated-job-1", parallelism: 1));

    private static V1alpha2JobSet One(string name = "test-jobset-replicated-job-0", int? replicas = 2, int? parallelism = 2, int? completions = null) =>
        JobSetOf("js", RJob(name, replicas, parallelism, completions));

    private static V1alpha2JobSet Scalable(int? parallelism, int? completions, int? replicas = 1) =>
        JobSetOf("js", RJob("test-jobset-replicated-job-0", replicas, parallelism, completions, indexed: true));

    /// <summary>A defaulted JobSet as the integration tests create it: one Indexed ReplicatedJob "rjob".</summary>
    private static Func<V1alpha2JobSet> Created(Action<V1alpha2JobSetSpec>? change = null) => () =>
    {
        var js = JobSetOf("js", RJob("rjob", indexed: true)).With(s => s.Network = new V1alpha2Network { EnableDnsHostnames = true });
        change?.Invoke(js.Spec);
        return JobSetDefaulter.Apply(js);
    };

    private static void KueueFields(V1PodTemplateSpec pod)
    {
        pod.Metadata = new V1ObjectMeta { Labels = Map("kueue.x-k8s.io/podset", "main"), Annotations = Map("kueue.x-k8s.io/workload", "w1") };
        pod.Spec.NodeSelector = Map("cloud.google.com/gke-nodepool", "pool-a");
        pod.Spec.Tolerations = [new V1Toleration { Key = "pool", OperatorProperty = "Equal", Value = "a", Effect = "NoSchedule" }];
        pod.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "kueue.x-k8s.io/topology" }];
    }

    private static Dictionary<string, string> Map(string key, string value) => new() { [key] = value };

    private static TestCaseData Bad(string name, Func<V1alpha2JobSet> old, Func<V1alpha2JobSet> updated, string path, string keyWords, FeatureGates? gates = null) =>
        new TestCaseData(old, updated, gates ?? FeatureGates.Default, path, keyWords).SetName($"Update rejects: {name}");

    /// <summary>An update of a stored (created, defaulted) JobSet by a change to a copy of it.</summary>
    private static TestCaseData Changed(string name, Func<V1alpha2JobSet> created, Action<V1alpha2JobSet> change, string path, string keyWords, FeatureGates? gates = null) =>
        Bad(name, created, Edited(created, change), path, keyWords, gates);

    private static TestCaseData Good(string name, Func<V1alpha2JobSet> old, Func<V1alpha2JobSet> updated, FeatureGates? gates = null) =>
        new TestCaseData(old, updated, gates ?? FeatureGates.Default).SetName($"Update accepts: {name}");

    private static TestCaseData Pair(string name, Func<V1alpha2JobSet> old, Func<V1alpha2JobSet> updated) => Good(name, old, updated);

    private static TestCaseData Stored(string name, Func<V1alpha2JobSet> created, Action<V1alpha2JobSet> change, FeatureGates? gates = null) =>
        Good(name, created, Edited(created, change), gates);

    private static Func<V1alpha2JobSet> Edited(Func<V1alpha2JobSet> created, Action<V1alpha2JobSet> change) => () =>
    {
        var copy = ModelCopy.Of(created())!;
        change(copy);
        return copy;
    };
}

/// <summary>Small changes the update cases make, each returning the same JobSet.</summary>
internal static class UpdateShapes
{
    public static V1alpha2JobSet Suspended(this V1alpha2JobSet jobSet, bool suspend)
    {
        jobSet.Spec.Suspend = suspend;
        return jobSet;
    }

    public static V1alpha2JobSet Finished(this V1alpha2JobSet jobSet, string conditionType)
    {
        jobSet.Status = new V1alpha2JobSetStatus { Conditions = [new V1Condition { Type = conditionType, Status = "True", Reason = "Test", Message = "finished" }] };
        return jobSet;
    }

    public static V1alpha2JobSet WithPod(this V1alpha2JobSet jobSet, Action<V1PodTemplateSpec> change)
    {
        change(jobSet.Spec.ReplicatedJobs![0].Template.Spec.Template);
        return jobSet;
    }

    public static V1alpha2JobSet WithJobs(this V1alpha2JobSet jobSet, Action<V1JobSpec> change)
    {
        foreach (var rjob in jobSet.Spec.ReplicatedJobs ?? [])
        {
            change(rjob.Template.Spec);
        }

        return jobSet;
    }
}
