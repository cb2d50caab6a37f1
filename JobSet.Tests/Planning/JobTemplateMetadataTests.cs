using JobSet.Core.Api;
using k8s.Models;
using static JobSet.Tests.Planning.Conformance.ConformanceFixture;

namespace JobSet.Tests.Planning;

/// <summary>What a created Job keeps of the JobSet's and the pod template's metadata.</summary>
public class JobTemplateMetadataTests
{
    // Upstream writes string(js.UID): empty for a JobSet without one.
    [Test]
    public void A_jobset_without_a_uid_labels_its_jobs_with_an_empty_uid()
    {
        var cluster = new Cluster(Manifests.Single(replicas: 1));
        cluster.JobSet.Metadata.Uid = null;

        var job = Created<V1Job>(cluster.Plan()).Single();

        Assert.Multiple(() =>
        {
            Assert.That(job.Metadata.Labels[WellKnownKeys.JobSetUid], Is.EqualTo(""));
            Assert.That(job.Spec.Template.Metadata.Labels[WellKnownKeys.JobSetUid], Is.EqualTo(""));
        });
    }

    // Upstream deep-copies the template and adds labels and annotations to its metadata: the rest stays.
    [Test]
    public void The_pod_templates_other_metadata_is_kept()
    {
        var cluster = new Cluster(Manifests.Single(replicas: 1));
        cluster.JobSet.Spec.ReplicatedJobs![0].Template.Spec!.Template.Metadata = new V1ObjectMeta { Finalizers = ["example.com/keep"], GenerateName = "pod-" };

        var meta = Created<V1Job>(cluster.Plan()).Single().Spec.Template.Metadata;

        Assert.Multiple(() =>
        {
            Assert.That(meta.Finalizers, Is.EqualTo(new[] { "example.com/keep" }));
            Assert.That(meta.GenerateName, Is.EqualTo("pod-"));
            Assert.That(meta.Labels[WellKnownKeys.ReplicatedJobName], Is.EqualTo("rj"));
        });
    }
}
