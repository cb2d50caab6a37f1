using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;
using static JobSet.Tests.Planning.Conformance.ConformanceFixture;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// The headless Service and the claims of volumeClaimPolicies, checked against upstream's
/// TestCreateHeadlessSvcIfNecessary and TestReconcileVolumeClaimPolicies.
/// </summary>
public class ServiceAndClaimConformanceTests
{
    // Mirrors TestCreateHeadlessSvcIfNecessary (the create-error row is the adapter's concern).
    [TestCase("network: {enableDNSHostnames: true}", true, null, false, TestName = "headless service exists and should not be created")]
    [TestCase("network: {enableDNSHostnames: false}", false, null, false, TestName = "DNS hostnames off creates no service")]
    [TestCase("network: {enableDNSHostnames: true}", false, "test-jobset", true, TestName = "service does not exist and should be created, subdomain not set")]
    [TestCase("network: {enableDNSHostnames: true, subdomain: test-subdomain}", false, "test-subdomain", true, TestName = "service does not exist and should be created, subdomain set")]
    [TestCase("network: {enableDNSHostnames: true, publishNotReadyAddresses: false}", false, "test-jobset", false, TestName = "service does not exist and should be created, publishNotReadyAddresses is false")]
    [TestCase("network: {enableDNSHostnames: true, publishNotReadyAddresses: true}", false, "test-jobset", true, TestName = "service does not exist and should be created, publishNotReadyAddresses is true")]
    public void Headless_service_is_created_when_missing(string network, bool exists, string? expectedName, bool publishNotReady)
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 1), network);
        var existing = exists ? new[] { new V1Service { Metadata = new V1ObjectMeta { Name = Naming.Subdomain(jobSet), NamespaceProperty = Namespace } } } : [];

        var services = Created<V1Service>(Plan(jobSet, services: existing));

        if (expectedName is null)
        {
            Assert.That(services, Is.Empty);
            return;
        }

        var service = services.Single();
        Assert.Multiple(() =>
        {
            Assert.That((service.Metadata.Name, service.Metadata.NamespaceProperty), Is.EqualTo((expectedName, Namespace)));
            Assert.That(service.Spec.ClusterIP, Is.EqualTo("None"));
            Assert.That(service.Spec.Selector, Is.EquivalentTo(new Dictionary<string, string> { [WellKnownKeys.JobSetName] = Name }));
            Assert.That(service.Spec.PublishNotReadyAddresses, Is.EqualTo(publishNotReady));
            Assert.That(service.Metadata.OwnerReferences.Single().Controller, Is.True);
        });
    }

    // Mirrors "jobset created before webhook defaulting should not create headless service".
    [Test]
    public void Jobset_without_network_creates_no_service()
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 1));
        jobSet.Spec.Network = null;

        var plan = Plan(jobSet);

        Assert.Multiple(() =>
        {
            Assert.That(Created<V1Service>(plan), Is.Empty);
            Assert.That(Created<V1Job>(plan).Single().Spec.Template.Spec.Subdomain, Is.Null);
        });
    }

    // Mirrors the integration case "service deleted": a missing Service is made again, and one in
    // another namespace does not count.
    [Test]
    public void Deleted_service_is_created_again()
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 1), "network: {enableDNSHostnames: true}");
        var elsewhere = new V1Service { Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = "other" } };

        var plan = Plan(jobSet, [OwnedJob(jobSet, "rj", 0)], services: [elsewhere]);

        Assert.That(Created<V1Service>(plan).Select(s => s.Metadata.Name), Is.EqualTo(new[] { Name }));
    }

    private const string Policies = """
        volumeClaimPolicies:
        - templates:
          - metadata: {name: volume-delete}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
          - metadata:
              name: volume-custom
              labels: {custom-label: label-value}
              annotations: {custom-annotation: annotation-value}
            spec: {accessModes: [ReadWriteOnce]}
          retentionPolicy: {whenDeleted: Delete}
        - templates:
          - metadata: {name: volume-retain}
            spec: {accessModes: [ReadWriteMany]}
          retentionPolicy: {whenDeleted: Retain}
        """;

    // Mirrors TestReconcileVolumeClaimPolicies "create multiple PVCs with different retention policies
    // and custom labels/annotations" and "PVC already exists and should not be created again".
    [TestCase(new string[0], new[] { "volume-delete-test-jobset", "volume-custom-test-jobset", "volume-retain-test-jobset" })]
    [TestCase(new[] { "volume-custom-test-jobset" }, new[] { "volume-delete-test-jobset", "volume-retain-test-jobset" })]
    public void Claims_are_created_once_with_labels_annotations_and_owner_by_retention(string[] existing, string[] expected)
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 1), Policies);
        var observed = existing.Select(n => new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = n, NamespaceProperty = Namespace } });

        var claims = Created<V1PersistentVolumeClaim>(Plan(jobSet, claims: observed)).ToDictionary(c => c.Metadata.Name);

        Assert.That(claims.Keys, Is.EqualTo(expected));
        var nameLabel = new Dictionary<string, string> { [WellKnownKeys.JobSetName] = Name };
        Assert.Multiple(() =>
        {
            var deleted = claims["volume-delete-test-jobset"];
            Assert.That(deleted.Metadata.Labels, Is.EquivalentTo(nameLabel));
            Assert.That(deleted.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(jobSet.Metadata.Uid));
            Assert.That(deleted.Spec.AccessModes, Is.EqualTo(new[] { "ReadWriteOnce" }));
            Assert.That(deleted.Metadata.NamespaceProperty, Is.EqualTo(Namespace));
            var retained = claims["volume-retain-test-jobset"];
            Assert.That(retained.Metadata.Labels, Is.EquivalentTo(nameLabel));
            Assert.That(retained.Metadata.OwnerReferences, Is.Null.Or.Empty);
            if (claims.TryGetValue("volume-custom-test-jobset", out var custom))
            {
                Assert.That(custom.Metadata.Labels, Is.EquivalentTo(new Dictionary<string, string>(nameLabel) { ["custom-label"] = "label-value" }));
                Assert.That(custom.Metadata.Annotations, Is.EquivalentTo(new Dictionary<string, string> { ["custom-annotation"] = "annotation-value" }));
                Assert.That(custom.Metadata.OwnerReferences.Single().Controller, Is.True);
            }
        });
    }

    // Mirrors the integration case "suspended jobset with VolumeClaimPolicies should create PVCs".
    [Test]
    public void Suspended_jobset_creates_its_claims()
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 1), "suspend: true\n" + Policies);

        var claims = Created<V1PersistentVolumeClaim>(Plan(jobSet));

        Assert.That(claims, Has.Count.EqualTo(3));
    }
}
