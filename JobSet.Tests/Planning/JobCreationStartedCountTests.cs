using JobSet.Core.Api;
using k8s.Models;
using static JobSet.Tests.Planning.Conformance.ConformanceFixture;

namespace JobSet.Tests.Planning;

/// <summary>Job creation when the status already counts every replica as started.</summary>
public class JobCreationStartedCountTests
{
    // Upstream skips a ReplicatedJob whose replicas all started only under InOrder: otherwise a
    // missing Job is created even when a stray Job of the same ReplicatedJob fills the count.
    [Test]
    public void Without_in_order_a_missing_job_is_created_though_every_replica_counts_as_started()
    {
        var cluster = new Cluster(Manifests.Single());
        cluster.Step();
        var stray = cluster.Job("solo-rj-1");
        stray.Metadata.Name = "solo-rj-5";
        stray.Metadata.Labels[WellKnownKeys.JobIndex] = "5";
        cluster.AllReady();

        var plan = cluster.Plan(Cluster.T0.AddSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(plan.Status.ReplicatedJobsStatus!.Single().Ready, Is.EqualTo(2));
            Assert.That(Created<V1Job>(plan).Select(j => j.Metadata.Name), Is.EqualTo(new[] { "solo-rj-1" }));
        });
    }
}
