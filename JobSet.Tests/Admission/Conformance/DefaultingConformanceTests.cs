using JobSet.Core.Admission;
using JobSet.Core.Api;
using k8s.Models;
using static JobSet.Tests.Admission.Conformance.Shapes;

namespace JobSet.Tests.Admission.Conformance;

/// <summary>
/// Defaulting against upstream's TestJobSetDefaulting (pkg/webhooks/jobset_webhook_test.go)
/// and the defaulting entries of its webhook integration tests. Each case states the value a
/// field has after defaulting, given what the user set; set values are always kept.
/// </summary>
public class DefaultingConformanceTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        // TestJobSetDefaulting / "job completion mode is unset"; integration "job.spec.completionMode defaults to indexed if unset".
        yield return Case("completionMode unset becomes Indexed", _ => { }, js => Job(js).CompletionMode, "Indexed");

        // TestJobSetDefaulting / "job completion mode is set to non-indexed"; integration "... unchanged if already set".
        yield return Case("completionMode NonIndexed is kept", js => Job(js).CompletionMode = "NonIndexed", js => Job(js).CompletionMode, "NonIndexed");

        // TestJobSetDefaulting / "enableDNSHostnames is unset"; integration "enableDNSHostnames defaults to true if unset".
        yield return Case("enableDNSHostnames unset becomes true", _ => { }, js => js.Spec.Network!.EnableDnsHostnames, true);

        // TestJobSetDefaulting / "enableDNSHostnames is false".
        yield return Case("enableDNSHostnames false is kept", js => js.Spec.Network = new V1alpha2Network { EnableDnsHostnames = false }, js => js.Spec.Network!.EnableDnsHostnames, false);

        // TestJobSetDefaulting / "PublishNotReadyNetworkAddresess is false".
        yield return Case("publishNotReadyAddresses false is kept", js => js.Spec.Network = new V1alpha2Network { PublishNotReadyAddresses = false }, js => js.Spec.Network!.PublishNotReadyAddresses, false);

        // TestJobSetDefaulting / "PublishNotReadyNetworkAddresess is true"; integration "publishNotReadyAddresses defaults to true if unset".
        yield return Case("publishNotReadyAddresses unset becomes true", js => js.Spec.Network = new V1alpha2Network { EnableDnsHostnames = true }, js => js.Spec.Network!.PublishNotReadyAddresses, true);

        // TestJobSetDefaulting / "pod restart policy unset"; integration "pod restart policy defaults to OnFailure if unset".
        yield return Case("pod restartPolicy unset becomes OnFailure", _ => { }, js => Job(js).Template.Spec.RestartPolicy, "OnFailure");

        // TestJobSetDefaulting / "pod restart policy set".
        yield return Case("pod restartPolicy Always is kept", js => Job(js).Template.Spec.RestartPolicy = "Always", js => Job(js).Template.Spec.RestartPolicy, "Always");

        // TestJobSetDefaulting / "success policy unset"; integration "success policy defaults to all".
        yield return Case("success policy unset becomes All over every ReplicatedJob", js => js.Spec.SuccessPolicy = null,
            js => $"{js.Spec.SuccessPolicy!.Operator}:{js.Spec.SuccessPolicy.TargetReplicatedJobs?.Count ?? 0}", "All:0");

        // TestJobSetDefaulting / "success policy operator set, replicatedJobNames unset".
        yield return Case("success policy Any is kept", js => js.Spec.SuccessPolicy = new V1alpha2SuccessPolicy { Operator = SuccessOperator.Any }, js => js.Spec.SuccessPolicy!.Operator, "Any");

        // TestJobSetDefaulting / "success policy unset" (startupPolicy part).
        yield return Case("startup policy unset becomes AnyOrder", _ => { }, js => js.Spec.StartupPolicy!.StartupPolicyOrder, "AnyOrder");

        // TestJobSetDefaulting / "startup policy order InOrder set".
        yield return Case("startup policy InOrder is kept", js => js.Spec.StartupPolicy = new V1alpha2StartupPolicy { StartupPolicyOrder = StartupPolicyOrder.InOrder }, js => js.Spec.StartupPolicy!.StartupPolicyOrder, "InOrder");

        // TestJobSetDefaulting / "managedBy field is left nil".
        yield return Case("managedBy stays unset", _ => { }, js => js.Spec.ManagedBy, null);

        // TestJobSetDefaulting / "when provided, managedBy field is preserved".
        yield return Case("managedBy is kept", js => js.Spec.ManagedBy = "other-controller", js => js.Spec.ManagedBy, "other-controller");

        // TestJobSetDefaulting / "failure policy rule name is defaulted when: there is one rule and it does not have a name".
        yield return Case("the only unnamed rule becomes failurePolicyRule0",
            js => js.Spec.FailurePolicy = new V1alpha2FailurePolicy { Rules = [new V1alpha2FailurePolicyRule { Action = FailurePolicyAction.FailJobSet }] },
            js => js.Spec.FailurePolicy!.Rules![0].Name, "failurePolicyRule0");

        // TestJobSetDefaulting / "failure policy rule name is defaulted when: there are two rules, the first rule has a name, the second rule does not have a name".
        yield return Case("the second, unnamed rule becomes failurePolicyRule1 and the first keeps its name",
            js => js.Spec.FailurePolicy = new V1alpha2FailurePolicy
            {
                Rules = [new V1alpha2FailurePolicyRule { Name = "ruleWithAName", Action = FailurePolicyAction.FailJobSet }, new V1alpha2FailurePolicyRule { Action = FailurePolicyAction.FailJobSet }],
            },
            js => string.Join(",", js.Spec.FailurePolicy!.Rules!.Select(r => r.Name)), "ruleWithAName,failurePolicyRule1");

        // Integration "FailurePolicy defaults are applied when empty" (a CRD schema default).
        yield return Case("empty failure policy gets restartStrategy Recreate", js => js.Spec.FailurePolicy = new V1alpha2FailurePolicy(), js => js.Spec.FailurePolicy!.RestartStrategy, "Recreate");

        // TestJobSetDefaulting / "volumeClaimPolicy retentionPolicy is defaulted to Delete when nil";
        // integration "VolumeClaimPolicies defaults are applied when empty".
        yield return Case("claim policy without retention gets Delete",
            js => js.Spec.VolumeClaimPolicies = [Claim("test-volume", whenDeleted: null)],
            js => js.Spec.VolumeClaimPolicies![0].RetentionPolicy!.WhenDeleted, "Delete");

        // The webhook's response patch (from Go's omitempty marshalling) removes empty optional lists.
        yield return Case("an empty dependsOn list is dropped", js => js.Spec.ReplicatedJobs![0].DependsOn = [], js => js.Spec.ReplicatedJobs![0].DependsOn, null);
        yield return Case("an empty volumeClaimPolicies list is dropped", js => js.Spec.VolumeClaimPolicies = [], js => js.Spec.VolumeClaimPolicies, null);
    }

    [TestCaseSource(nameof(Cases))]
    public void Defaults(Action<V1alpha2JobSet> change, Func<V1alpha2JobSet, object?> read, object? expected)
    {
        var jobSet = JobSetOf("js", RJob("rjob"));
        change(jobSet);

        var defaulted = JobSetDefaulter.Apply(jobSet);

        Assert.That(read(defaulted), Is.EqualTo(expected));
    }

    // TestJobSetDefaulting compares whole objects: defaulting an already defaulted JobSet,
    // as the webhook sees it on a re-apply, changes nothing.
    [TestCaseSource(nameof(Twice))]
    public void Defaulting_twice_changes_nothing(Action<V1alpha2JobSet> change, Func<V1alpha2JobSet, object?> read, object? expected)
    {
        var jobSet = JobSetOf("js", RJob("rjob"));
        change(jobSet);
        var once = JobSetDefaulter.Apply(jobSet);

        var twice = JobSetDefaulter.Apply(once);

        Assert.That(Core.Serialization.KubeSerializer.ToNode(twice).ToJsonString(), Is.EqualTo(Core.Serialization.KubeSerializer.ToNode(once).ToJsonString()));
        Assert.That(read(twice), Is.EqualTo(expected));
    }

    private static IEnumerable<TestCaseData> Twice() =>
        Cases().Select(c => c.SetName(c.TestName!.Replace("Defaulting:", "Defaulting twice:", StringComparison.Ordinal)));

    private static V1JobSpec Job(V1alpha2JobSet jobSet) => jobSet.Spec.ReplicatedJobs![0].Template.Spec;

    private static TestCaseData Case(string name, Action<V1alpha2JobSet> change, Func<V1alpha2JobSet, object?> read, object? expected) =>
        new TestCaseData(change, read, expected).SetName($"Defaulting: {name}");
}
