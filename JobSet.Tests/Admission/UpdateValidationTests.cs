using JobSet.Core.Admission;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Tests.Admission;

/// <summary>Update validation: what may change, and the errors (path: message) for what may not.</summary>
public class UpdateValidationTests
{
    private static readonly FeatureGates ElasticOn = new(ElasticJobSet: true);

    private static V1alpha2ReplicatedJob Workers(V1alpha2JobSet js) => js.Spec.ReplicatedJobs![1];

    private static V1PodTemplateSpec WorkerPod(V1alpha2JobSet js) => Workers(js).Template.Spec.Template;

    private static IEnumerable<TestCaseData> Rejected()
    {
        yield return Bad("replicas changed", null, js => Workers(js).Replicas = 3,
            "spec.replicatedJobs: Invalid value: \"object\": field is immutable");
        yield return Bad("container image changed", null, js => WorkerPod(js).Spec.Containers[0].Image = "busybox:2",
            "spec.replicatedJobs: Invalid value: \"object\": field is immutable");
        yield return Bad("a ReplicatedJob added", null, js => js.Spec.ReplicatedJobs!.Add(new V1alpha2ReplicatedJob { Name = "extra", GroupName = "default", Replicas = 1, Template = Workers(js).Template }),
            "spec.replicatedJobs: Invalid value: \"object\": field is immutable");
        yield return Bad("ReplicatedJobs reordered", null, js => { var first = js.Spec.ReplicatedJobs![0]; js.Spec.ReplicatedJobs.RemoveAt(0); js.Spec.ReplicatedJobs.Add(first); },
            "spec.replicatedJobs: Invalid value: \"object\": field is immutable");
        yield return Bad("a ReplicatedJob added while suspended", old => old.Spec.Suspend = true, js => js.Spec.ReplicatedJobs!.Add(new V1alpha2ReplicatedJob { Name = "extra", GroupName = "default", Replicas = 1, Template = Workers(js).Template }),
            "spec.replicatedJobs: Invalid value: \"object\": field is immutable");
        yield return Bad("container image changed while suspended", old => old.Spec.Suspend = true, js => WorkerPod(js).Spec.Containers[0].Image = "busybox:2",
            "spec.replicatedJobs: Invalid value: \"object\": field is immutable");
        yield return Bad("pod labels changed while running", null, js => WorkerPod(js).Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["team"] = "b" } },
            "spec.replicatedJobs: Invalid value: \"object\": field is immutable");
        yield return Bad("managedBy set", null, js => js.Spec.ManagedBy = "example.com/new",
            "spec.managedBy: Invalid value: \"example.com/new\": field is immutable");
        yield return Bad("managedBy removed", old => old.Spec.ManagedBy = "example.com/old", js => js.Spec.ManagedBy = null,
            "spec.managedBy: Invalid value: null: field is immutable");
        yield return Bad("network changed (CEL)", null, js => js.Spec.Network!.PublishNotReadyAddresses = false,
            "spec.network: Invalid value: \"object\": Value is immutable");
        yield return Bad("successPolicy changed (CEL)", null, js => js.Spec.SuccessPolicy!.Operator = "Any",
            "spec.successPolicy: Invalid value: \"object\": Value is immutable");
        yield return Bad("startupPolicy changed (CEL)", null, js => js.Spec.StartupPolicy!.StartupPolicyOrder = "InOrder",
            "spec.startupPolicy: Invalid value: \"object\": Value is immutable");
        yield return Bad("failurePolicy changed (CEL)", old => old.Spec.FailurePolicy = new V1alpha2FailurePolicy { MaxRestarts = 1, RestartStrategy = "Recreate" }, js => js.Spec.FailurePolicy = new V1alpha2FailurePolicy { MaxRestarts = 2, RestartStrategy = "Recreate" },
            "spec.failurePolicy: Invalid value: \"object\": Value is immutable");
        yield return Bad("volumeClaimPolicies changed (CEL)", old => old.Spec.VolumeClaimPolicies = [Policy("data")], js => js.Spec.VolumeClaimPolicies = [Policy("other")],
            "spec.volumeClaimPolicies: Invalid value: \"array\": Value is immutable");
        yield return Bad("dependsOn changed (CEL)", old => Workers(old).DependsOn = [new() { Name = "leader", Status = "Ready" }], js => Workers(js).DependsOn = [new() { Name = "leader", Status = "Complete" }],
            "spec.replicatedJobs[1].dependsOn: Invalid value: \"array\": Value is immutable");
        yield return Bad("a schema rule broken by the update", null, js => js.Spec.TtlSecondsAfterFinished = -1,
            "spec.ttlSecondsAfterFinished: Invalid value: -1: spec.ttlSecondsAfterFinished in body should be greater than or equal to 0");
    }

    private static IEnumerable<TestCaseData> Accepted()
    {
        yield return Good("nothing changed", null, _ => { });
        yield return Good("suspend toggled", null, js => js.Spec.Suspend = true);
        yield return Good("ttl and labels of the JobSet changed", null, js => { js.Spec.TtlSecondsAfterFinished = 60; js.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" }; });
        yield return Good("Kueue admission while suspended: pod labels, annotations, nodeSelector, tolerations, schedulingGates",
            old => old.Spec.Suspend = true,
            js =>
            {
                js.Spec.Suspend = false;
                KueueChanges(WorkerPod(js));
            });
        yield return Good("Kueue changes as the JobSet gets suspended", null, js => { js.Spec.Suspend = true; KueueChanges(WorkerPod(js)); });
        yield return Good("a field absent in the old version may be set (CEL rules need both)", old => old.Spec.FailurePolicy = null, js => js.Spec.FailurePolicy = new V1alpha2FailurePolicy { MaxRestarts = 3 });
        yield return Good("elastic scale of an Indexed Job with the gate", null, js => { Workers(js).Template.Spec.Parallelism = 6; Workers(js).Template.Spec.Completions = 6; }, ElasticOn);
        yield return Good("elastic: parallelism removed, completions kept (only two set values must be equal)", null, js => Workers(js).Template.Spec.Parallelism = null, ElasticOn);
        yield return Good("Kueue changes while suspended keep the pod template's other metadata",
            old => { old.Spec.Suspend = true; WorkerPod(old).Metadata = new V1ObjectMeta { Name = "worker", Finalizers = ["f"] }; },
            js => WorkerPod(js).Metadata.Labels = new Dictionary<string, string> { ["kueue.x-k8s.io/podset"] = "workers" });
    }

    private static IEnumerable<TestCaseData> Elastic()
    {
        yield return new TestCaseData(0, 4, false, "spec.replicatedJobs[1].template.spec.parallelism: Invalid value: 0: parallelism must be >= 1").SetName("Elastic: parallelism below 1");
        yield return new TestCaseData(4, 0, false, "spec.replicatedJobs[1].template.spec.completions: Invalid value: 0: completions must be >= 1").SetName("Elastic: completions below 1");
        yield return new TestCaseData(4, 5, false, "spec.replicatedJobs[1].template.spec.completions: Invalid value: 5: completions must be equal to parallelism for Elastic Indexed Jobs").SetName("Elastic: completions differ from parallelism");
        yield return new TestCaseData(6, 6, true, "spec.replicatedJobs[1].template.spec: Forbidden: Cannot mutate parallelism or completions when JobSet is in a terminal state (Completed or Failed)").SetName("Elastic: finished JobSet");
    }

    private static TestCaseData Bad(string name, Action<V1alpha2JobSet>? changeOld, Action<V1alpha2JobSet> changeNew, string expected) =>
        new TestCaseData(changeOld, changeNew, expected).SetName($"Rejects update: {name}");

    private static TestCaseData Good(string name, Action<V1alpha2JobSet>? changeOld, Action<V1alpha2JobSet> changeNew, FeatureGates? gates = null) =>
        new TestCaseData(changeOld, changeNew, gates ?? FeatureGates.Default).SetName($"Accepts update: {name}");

    private static V1alpha2VolumeClaimPolicy Policy(string claim) => new()
    {
        Templates = [new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = claim } }],
        RetentionPolicy = new V1alpha2VolumeRetentionPolicy { WhenDeleted = "Delete" },
    };

    private static void KueueChanges(V1PodTemplateSpec pod)
    {
        pod.Metadata = new V1ObjectMeta
        {
            Labels = new Dictionary<string, string> { ["kueue.x-k8s.io/podset"] = "workers" },
            Annotations = new Dictionary<string, string> { ["kueue.x-k8s.io/workload"] = "w" },
        };
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["cloud.google.com/gke-nodepool"] = "pool-a" };
        pod.Spec.Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Exists" }];
        pod.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "kueue.x-k8s.io/topology" }];
    }

    private static (V1alpha2JobSet Old, V1alpha2JobSet New) Pair(Action<V1alpha2JobSet>? changeOld, Action<V1alpha2JobSet> changeNew)
    {
        var old = JobSets.Defaulted(changeOld);
        var updated = ModelCopy.Of(old)!;
        changeNew(updated);
        return (old, updated);
    }

    [TestCaseSource(nameof(Rejected))]
    public void Rejects(Action<V1alpha2JobSet>? changeOld, Action<V1alpha2JobSet> changeNew, string expected)
    {
        var (old, updated) = Pair(changeOld, changeNew);

        var errors = JobSetValidator.ValidateUpdate(updated, old, FeatureGates.Default).Errors.Select(e => e.ToString());

        Assert.That(errors, Has.Member(expected), () => "errors were:\n" + string.Join("\n", errors));
    }

    [TestCaseSource(nameof(Accepted))]
    public void Accepts(Action<V1alpha2JobSet>? changeOld, Action<V1alpha2JobSet> changeNew, FeatureGates gates)
    {
        var (old, updated) = Pair(changeOld, changeNew);

        Assert.That(JobSetValidator.ValidateUpdate(updated, old, gates).Errors, Is.Empty);
    }

    [TestCaseSource(nameof(Elastic))]
    public void Elastic_changes_follow_upstream_rules(int parallelism, int completions, bool finished, string expected)
    {
        var (old, updated) = Pair(
            o => o.Status = finished ? new V1alpha2JobSetStatus { Conditions = [new V1Condition { Type = "Completed", Status = "True", Reason = "AllJobsCompleted", Message = "done" }] } : null,
            js => { Workers(js).Template.Spec.Parallelism = parallelism; Workers(js).Template.Spec.Completions = completions; });

        var errors = JobSetValidator.ValidateUpdate(updated, old, ElasticOn).Errors.Select(e => e.ToString()).ToList();

        Assert.That(errors, Has.Member(expected), () => "errors were:\n" + string.Join("\n", errors));
    }

    [Test]
    public void Without_the_gate_an_elastic_change_is_an_immutable_field()
    {
        var (old, updated) = Pair(null, js => { Workers(js).Template.Spec.Parallelism = 6; Workers(js).Template.Spec.Completions = 6; });

        var errors = JobSetValidator.ValidateUpdate(updated, old, FeatureGates.Default).Errors.Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { "spec.replicatedJobs: Invalid value: \"object\": field is immutable" }));
    }

    [Test]
    public void Elastic_changes_of_a_NonIndexed_Job_stay_immutable()
    {
        var (old, updated) = Pair(
            o => Workers(o).Template.Spec.CompletionMode = "NonIndexed",
            js => { Workers(js).Template.Spec.Parallelism = 6; Workers(js).Template.Spec.Completions = 6; });

        var errors = JobSetValidator.ValidateUpdate(updated, old, ElasticOn).Errors.Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { "spec.replicatedJobs: Invalid value: \"object\": field is immutable" }));
    }

    [Test]
    public void Kueue_fields_stay_immutable_while_running()
    {
        var (old, updated) = Pair(null, js => WorkerPod(js).Spec.NodeSelector = new Dictionary<string, string> { ["pool"] = "b" });

        Assert.That(JobSetValidator.ValidateUpdate(updated, old, FeatureGates.Default).IsValid, Is.False);
    }

    [TestCase(1, 1, TestName = "Elastic: scale down to exactly 1")]
    [TestCase(4, 4, TestName = "Elastic: unchanged")]
    [TestCase(8, 8, TestName = "Elastic: scale up")]
    public void Elastic_scaling_to_any_equal_count_of_at_least_1_is_accepted(int parallelism, int completions)
    {
        var (old, updated) = Pair(null, js => { Workers(js).Template.Spec.Parallelism = parallelism; Workers(js).Template.Spec.Completions = completions; });

        Assert.That(JobSetValidator.ValidateUpdate(updated, old, ElasticOn).Errors, Is.Empty);
    }

    [TestCase(1, 4, "spec.replicatedJobs[1].template.spec.completions: Invalid value: 4: completions must be equal to parallelism for Elastic Indexed Jobs", TestName = "Elastic: only parallelism to 1")]
    [TestCase(4, 1, "spec.replicatedJobs[1].template.spec.completions: Invalid value: 1: completions must be equal to parallelism for Elastic Indexed Jobs", TestName = "Elastic: only completions to 1")]
    public void Elastic_scaling_one_field_alone_is_rejected(int parallelism, int completions, string expected)
    {
        var (old, updated) = Pair(null, js => { Workers(js).Template.Spec.Parallelism = parallelism; Workers(js).Template.Spec.Completions = completions; });

        var errors = JobSetValidator.ValidateUpdate(updated, old, ElasticOn).Errors.Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { expected }));
    }

    // The old JobSet's condition -> whether an elastic change is refused as terminal.
    [TestCase("Completed", "True", true, TestName = "Terminal: Completed True")]
    [TestCase("Failed", "True", true, TestName = "Terminal: Failed True")]
    [TestCase("Completed", "False", false, TestName = "Terminal: Completed False is not terminal")]
    [TestCase("Failed", "False", false, TestName = "Terminal: Failed False is not terminal")]
    [TestCase("Suspended", "True", false, TestName = "Terminal: another condition True is not terminal")]
    public void Elastic_changes_of_a_finished_JobSet_are_forbidden(string type, string status, bool terminal)
    {
        var (old, updated) = Pair(
            o => o.Status = new V1alpha2JobSetStatus { Conditions = [new V1Condition { Type = type, Status = status, Reason = "R", Message = "m" }] },
            js => { Workers(js).Template.Spec.Parallelism = 6; Workers(js).Template.Spec.Completions = 6; });

        var errors = JobSetValidator.ValidateUpdate(updated, old, ElasticOn).Errors.Select(e => e.ToString());

        Assert.That(errors, terminal
            ? Is.EqualTo(new[] { "spec.replicatedJobs[1].template.spec: Forbidden: Cannot mutate parallelism or completions when JobSet is in a terminal state (Completed or Failed)" })
            : Is.Empty);
    }

    [Test]
    public void An_unchanged_finished_JobSet_passes_the_elastic_check()
    {
        var (old, updated) = Pair(
            o => o.Status = new V1alpha2JobSetStatus { Conditions = [new V1Condition { Type = "Failed", Status = "True", Reason = "R", Message = "m" }] },
            _ => { });

        Assert.That(JobSetValidator.ValidateUpdate(updated, old, ElasticOn).Errors, Is.Empty);
    }

    [Test]
    public void A_JobSet_without_replicated_jobs_may_be_updated()
    {
        var old = JobSetDefaulter.Apply(new V1alpha2JobSet { Metadata = new V1ObjectMeta { Name = "js" }, Spec = new V1alpha2JobSetSpec() });
        var updated = ModelCopy.Of(old)!;
        updated.Spec.Suspend = true;

        Assert.That(JobSetValidator.ValidateUpdate(updated, old, ElasticOn).Errors, Is.Empty);
    }

    [Test]
    public void A_finished_JobSet_reports_only_the_terminal_state_for_an_invalid_elastic_change()
    {
        var (old, updated) = Pair(
            o => o.Status = new V1alpha2JobSetStatus { Conditions = [new V1Condition { Type = "Failed", Status = "True", Reason = "R", Message = "m" }] },
            js => { Workers(js).Template.Spec.Parallelism = 0; Workers(js).Template.Spec.Completions = 5; });

        var errors = JobSetValidator.ValidateUpdate(updated, old, ElasticOn).Errors.Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { "spec.replicatedJobs[1].template.spec: Forbidden: Cannot mutate parallelism or completions when JobSet is in a terminal state (Completed or Failed)" }));
    }

    [Test]
    public void A_JobSet_is_finished_when_any_of_its_conditions_says_so()
    {
        var (old, updated) = Pair(
            o => o.Status = new V1alpha2JobSetStatus
            {
                Conditions =
                [
                    new V1Condition { Type = "Suspended", Status = "False", Reason = "R", Message = "m" },
                    new V1Condition { Type = "Completed", Status = "True", Reason = "R", Message = "m" },
                ],
            },
            js => { Workers(js).Template.Spec.Parallelism = 6; Workers(js).Template.Spec.Completions = 6; });

        var errors = JobSetValidator.ValidateUpdate(updated, old, ElasticOn).Errors.Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { "spec.replicatedJobs[1].template.spec: Forbidden: Cannot mutate parallelism or completions when JobSet is in a terminal state (Completed or Failed)" }));
    }
}
