using JobSet.Core.Api;
using k8s.Models;
using static JobSet.Tests.Planning.Conformance.ConformanceFixture;

namespace JobSet.Tests.Planning;

/// <summary>volumeClaimPolicies edge cases: claims of other namespaces, policies without templates, pods without containers.</summary>
public class VolumeClaimFallbackTests
{
    private const string DataClaim = "volumeClaimPolicies:\n- templates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: [ReadWriteOnce]";

    // An observed claim counts as the JobSet's only in the JobSet's namespace (no namespace reads as that one).
    [TestCase("other", ExpectedResult = new[] { "data-solo" })]
    [TestCase("default", ExpectedResult = new string[0])]
    [TestCase(null, ExpectedResult = new string[0])]
    public string[] An_existing_claim_counts_only_in_the_jobsets_namespace(string? claimNamespace)
    {
        var cluster = new Cluster(Manifests.Single(DataClaim));
        cluster.Claims.Add(new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data-solo", NamespaceProperty = claimNamespace } });

        return [.. Created<V1PersistentVolumeClaim>(cluster.Plan()).Select(c => c.Metadata.Name)];
    }

    [Test]
    public void A_policy_without_templates_adds_no_claim_and_no_volume()
    {
        var cluster = new Cluster(Manifests.Single(DataClaim));
        cluster.JobSet.Spec.VolumeClaimPolicies!.Add(new V1alpha2VolumeClaimPolicy());

        var plan = cluster.Plan();

        Assert.Multiple(() =>
        {
            Assert.That(Created<V1PersistentVolumeClaim>(plan).Select(c => c.Metadata.Name), Is.EqualTo(new[] { "data-solo" }));
            Assert.That(Created<V1Job>(plan).Select(j => j.Metadata.Name), Is.EqualTo(new[] { "solo-rj-0", "solo-rj-1" }));
        });
    }

    [Test]
    public void A_pod_without_containers_gets_the_claim_its_init_container_mounts()
    {
        var cluster = new Cluster(Manifests.Single(DataClaim, replicas: 1));
        var podSpec = cluster.JobSet.Spec.ReplicatedJobs![0].Template.Spec!.Template.Spec!;
        podSpec.Containers = null;
        podSpec.InitContainers = [new V1Container { Name = "init", Image = "busybox", VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }] }];

        var job = Created<V1Job>(cluster.Plan()).Single();

        Assert.That(job.Spec.Template.Spec.Volumes?.Select(v => $"{v.Name}={v.PersistentVolumeClaim?.ClaimName}"), Is.EqualTo(new[] { "data=data-solo" }));
    }
}
