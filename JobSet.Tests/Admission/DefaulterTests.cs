using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Tests.Admission;

public class DefaulterTests
{
    private static IEnumerable<TestCaseData> Defaults()
    {
        yield return Case("successPolicy operator All", js => js.Spec.SuccessPolicy!.Operator, "All");
        yield return Case("startupPolicy AnyOrder", js => js.Spec.StartupPolicy!.StartupPolicyOrder, "AnyOrder");
        yield return Case("completionMode Indexed", js => js.Spec.ReplicatedJobs![0].Template.Spec.CompletionMode, "Indexed");
        yield return Case("pod restartPolicy OnFailure", js => js.Spec.ReplicatedJobs![1].Template.Spec.Template.Spec.RestartPolicy, "OnFailure");
        yield return Case("network enableDNSHostnames", js => js.Spec.Network!.EnableDnsHostnames, true);
        yield return Case("network publishNotReadyAddresses", js => js.Spec.Network!.PublishNotReadyAddresses, true);
        yield return Case("groupName default (schema)", js => js.Spec.ReplicatedJobs![0].GroupName, "default");
        yield return Case("replicas 1 (schema)", js => js.Spec.ReplicatedJobs![0].Replicas, 1);
        yield return Case("replicas kept when set", js => js.Spec.ReplicatedJobs![1].Replicas, 2);
        yield return Case("subdomain left unset (controller uses the name)", js => js.Spec.Network!.Subdomain, null);
    }

    private static TestCaseData Case(string name, Func<V1alpha2JobSet, object?> read, object? expected) =>
        new TestCaseData(read, expected).SetName($"Default: {name}");

    [TestCaseSource(nameof(Defaults))]
    public void Applies_the_default(Func<V1alpha2JobSet, object?> read, object? expected)
    {
        Assert.That(read(JobSets.Defaulted()), Is.EqualTo(expected));
    }

    [Test]
    public void Failure_policy_gets_Recreate_and_rule_names_by_index()
    {
        var js = JobSets.Defaulted(j => j.Spec.FailurePolicy = new V1alpha2FailurePolicy
        {
            Rules = [new() { Action = "FailJobSet" }, new() { Name = "mine", Action = "RestartJobSet" }, new() { Action = "FailJobSet" }],
        });

        Assert.Multiple(() =>
        {
            Assert.That(js.Spec.FailurePolicy!.RestartStrategy, Is.EqualTo("Recreate"));
            Assert.That(js.Spec.FailurePolicy.Rules!.Select(r => r.Name), Is.EqualTo(new[] { "failurePolicyRule0", "mine", "failurePolicyRule2" }));
        });
    }

    [Test]
    public void Container_ports_get_protocol_TCP_from_the_schema()
    {
        var js = JobSets.Defaulted(j =>
        {
            var pod = j.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec;
            pod.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 8080 }, new V1ContainerPort { ContainerPort = 53, Protocol = "UDP" }];
            pod.InitContainers = [new V1Container { Name = "init", Image = "busybox", Ports = [new V1ContainerPort { ContainerPort = 9000 }] }];
        });
        var pod = js.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec;

        Assert.That(pod.Containers[0].Ports.Select(p => p.Protocol), Is.EqualTo(new[] { "TCP", "UDP" }));
        Assert.That(pod.InitContainers[0].Ports[0].Protocol, Is.EqualTo("TCP"));
    }

    [Test]
    public void Volume_claim_policies_get_retention_Delete()
    {
        var js = JobSets.Defaulted(j => j.Spec.VolumeClaimPolicies =
        [
            new() { Templates = [new V1PersistentVolumeClaim { Metadata = new() { Name = "a" } }] },
            new() { RetentionPolicy = new V1alpha2VolumeRetentionPolicy() },
            new() { RetentionPolicy = new V1alpha2VolumeRetentionPolicy { WhenDeleted = "Retain" } },
        ]);

        Assert.That(js.Spec.VolumeClaimPolicies!.Select(p => p.RetentionPolicy!.WhenDeleted), Is.EqualTo(new[] { "Delete", "Delete", "Retain" }));
    }

    [Test]
    public void Values_already_set_are_kept()
    {
        var js = JobSets.Defaulted(j =>
        {
            j.Spec.SuccessPolicy = new V1alpha2SuccessPolicy { Operator = "Any", TargetReplicatedJobs = ["leader"] };
            j.Spec.StartupPolicy = new V1alpha2StartupPolicy { StartupPolicyOrder = "InOrder" };
            j.Spec.Network = new V1alpha2Network { EnableDnsHostnames = false, PublishNotReadyAddresses = false, Subdomain = "net" };
            j.Spec.ReplicatedJobs![0].Template.Spec.CompletionMode = "NonIndexed";
            j.Spec.ReplicatedJobs[0].Template.Spec.Template.Spec.RestartPolicy = "Never";
            j.Spec.ReplicatedJobs[0].GroupName = "g";
            j.Spec.FailurePolicy = new V1alpha2FailurePolicy { RestartStrategy = "BlockingRecreate" };
        });

        Assert.Multiple(() =>
        {
            Assert.That(js.Spec.SuccessPolicy!.Operator, Is.EqualTo("Any"));
            Assert.That(js.Spec.StartupPolicy!.StartupPolicyOrder, Is.EqualTo("InOrder"));
            Assert.That(js.Spec.Network!.EnableDnsHostnames, Is.False);
            Assert.That(js.Spec.Network.PublishNotReadyAddresses, Is.False);
            Assert.That(js.Spec.ReplicatedJobs![0].Template.Spec.CompletionMode, Is.EqualTo("NonIndexed"));
            Assert.That(js.Spec.ReplicatedJobs[0].Template.Spec.Template.Spec.RestartPolicy, Is.EqualTo("Never"));
            Assert.That(js.Spec.ReplicatedJobs[0].GroupName, Is.EqualTo("g"));
            Assert.That(js.Spec.FailurePolicy!.RestartStrategy, Is.EqualTo("BlockingRecreate"));
        });
    }

    [Test]
    public void Defaulting_does_not_change_its_input()
    {
        var input = JobSets.Read(JobSets.Base);
        var before = KubeSerializer.ToJson(input);

        JobSetDefaulter.Apply(input);

        Assert.That(KubeSerializer.ToJson(input), Is.EqualTo(before));
    }

    [Test]
    public void Defaulting_is_idempotent()
    {
        var once = JobSets.Defaulted();
        var twice = JobSetDefaulter.Apply(once);

        Assert.That(KubeSerializer.ToJson(twice), Is.EqualTo(KubeSerializer.ToJson(once)));
    }

    [Test]
    public void Every_container_kind_gets_port_protocol_TCP_and_fileKeyRef_optional_false()
    {
        V1EnvVar FileKeyEnv() => new() { Name = "E", ValueFrom = new V1EnvVarSource { FileKeyRef = new V1FileKeySelector { Key = "k", Path = "env", VolumeName = "v" } } };
        var js = JobSets.Defaulted(j =>
        {
            var pod = j.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec;
            pod.Containers[0].Env = [FileKeyEnv(), new V1EnvVar { Name = "PLAIN", Value = "x" }];
            pod.InitContainers = [new V1Container { Name = "init", Image = "busybox", Env = [FileKeyEnv()] }];
            pod.EphemeralContainers = [new V1EphemeralContainer { Name = "debug", Image = "busybox", Ports = [new V1ContainerPort { ContainerPort = 7000 }], Env = [FileKeyEnv()] }];
        });
        var pod = js.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec;

        Assert.Multiple(() =>
        {
            Assert.That(pod.Containers[0].Env[0].ValueFrom.FileKeyRef.Optional, Is.False);
            Assert.That(pod.Containers[0].Env[1].ValueFrom, Is.Null);
            Assert.That(pod.InitContainers[0].Env[0].ValueFrom.FileKeyRef.Optional, Is.False);
            Assert.That(pod.EphemeralContainers[0].Ports[0].Protocol, Is.EqualTo("TCP"));
            Assert.That(pod.EphemeralContainers[0].Env[0].ValueFrom.FileKeyRef.Optional, Is.False);
        });
    }

    [Test]
    public void A_fileKeyRef_optional_already_set_is_kept()
    {
        var js = JobSets.Defaulted(j => j.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec.Containers[0].Env =
            [new V1EnvVar { Name = "E", ValueFrom = new V1EnvVarSource { FileKeyRef = new V1FileKeySelector { Key = "k", Path = "env", VolumeName = "v", Optional = true } } }]);

        Assert.That(js.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec.Containers[0].Env[0].ValueFrom.FileKeyRef.Optional, Is.True);
    }

    [Test]
    public void A_JobSet_without_replicated_jobs_gets_the_other_defaults()
    {
        var js = JobSetDefaulter.Apply(new V1alpha2JobSet { Metadata = new V1ObjectMeta { Name = "js" }, Spec = new V1alpha2JobSetSpec() });

        Assert.Multiple(() =>
        {
            Assert.That(js.Spec.ReplicatedJobs, Is.Null);
            Assert.That(js.Spec.SuccessPolicy!.Operator, Is.EqualTo("All"));
            Assert.That(js.Spec.Network!.EnableDnsHostnames, Is.True);
        });
    }

    [Test]
    public void Missing_templates_and_pod_parts_are_filled_in_without_failing()
    {
        var js = JobSetDefaulter.Apply(new V1alpha2JobSet
        {
            Metadata = new V1ObjectMeta { Name = "js" },
            Spec = new V1alpha2JobSetSpec
            {
                ReplicatedJobs =
                [
                    new V1alpha2ReplicatedJob { Name = "no-template" },
                    new V1alpha2ReplicatedJob { Name = "no-containers", Template = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec() } } } },
                ],
            },
        });

        Assert.Multiple(() =>
        {
            Assert.That(js.Spec.ReplicatedJobs!.Select(r => r.Template.Spec.CompletionMode), Is.EqualTo(new[] { "Indexed", "Indexed" }));
            Assert.That(js.Spec.ReplicatedJobs!.Select(r => r.Template.Spec.Template.Spec.RestartPolicy), Is.EqualTo(new[] { "OnFailure", "OnFailure" }));
            Assert.That(js.Spec.ReplicatedJobs![1].Template.Spec.Template.Spec.Containers, Is.Null);
        });
    }
}
