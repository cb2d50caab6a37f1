using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>
/// The fields each planned Job update says it changes (<see cref="UpdateAction.Changes"/>), which
/// a controller sends as a patch: suspend, resume and an elastic resize.
/// </summary>
public class JobUpdateChangesTests
{
    private const string Labelled = """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: solo
          namespace: default
        spec:
          suspend: true
          replicatedJobs:
          - name: rj
            replicas: 2
            template:
              spec:
                parallelism: 1
                completions: 1
                template:
                  metadata:
                    labels:
                      team: ml
                    annotations:
                      note: hi
                  spec:
                    containers:
                    - name: main
                      image: busybox
        """;

    private static List<UpdateAction> Updates(ReconcilePlan plan) =>
        [.. plan.Actions.Where(a => a.IsT1).Select(a => a.AsT1)];

    [Test]
    public void Suspending_changes_only_spec_suspend_to_true()
    {
        var cluster = new Cluster(Manifests.Single());
        cluster.Step();
        cluster.JobSet.Spec.Suspend = true;

        var updates = Updates(cluster.Step(Cluster.T0.AddMinutes(1)));

        Assert.That(updates.Select(u => (u.Resource.Metadata.Name, u.Changes)), Is.EqualTo(new[]
        {
            ("solo-rj-0", new JobChanges { Suspend = true }),
            ("solo-rj-1", new JobChanges { Suspend = true }),
        }));
    }

    // A template without labels or annotations merges none: Template is set, its maps are null.
    [TestCase(true, TestName = "Resuming_changes_spec_suspend_to_false_and_merges_the_template_labels_and_annotations")]
    [TestCase(false, TestName = "Resuming_a_template_without_labels_or_annotations_changes_none")]
    public void Resuming_changes_spec_suspend_to_false_and_carries_the_template_metadata(bool labelled)
    {
        var cluster = new Cluster(labelled ? Labelled : Manifests.Single("suspend: true"));
        cluster.Step();
        cluster.JobSet.Spec.Suspend = false;

        var updates = Updates(cluster.Step(Cluster.T0.AddMinutes(1)));

        Assert.That(updates, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            foreach (var update in updates)
            {
                var changes = update.Changes!;
                Assert.That((changes.Suspend, changes.Scales, changes.OnObservedVersion), Is.EqualTo(((bool?)false, false, true)));
                Assert.That(changes.Template, Is.Not.Null);
                Assert.That(changes.Template!.Labels, Is.EqualTo(labelled ? new Dictionary<string, string> { ["team"] = "ml" } : null));
                Assert.That(changes.Template.Annotations, Is.EqualTo(labelled ? new Dictionary<string, string> { ["note"] = "hi" } : null));
            }
        });
    }

    [Test]
    public void Resuming_updates_only_the_jobs_still_suspended()
    {
        var cluster = new Cluster(Manifests.Single("suspend: true"));
        cluster.Step();
        cluster.Job("solo-rj-1").Spec.Suspend = false;
        cluster.JobSet.Spec.Suspend = false;

        var updates = Updates(cluster.Step(Cluster.T0.AddMinutes(1)));

        Assert.That(updates.Select(u => u.Resource.Metadata.Name), Is.EqualTo(new[] { "solo-rj-0" }));
    }

    [Test]
    public void An_elastic_resize_changes_parallelism_and_completions_as_a_plain_patch()
    {
        var cluster = new Cluster(Manifests.Single(replicas: 1)) { Gates = new FeatureGates(ElasticJobSet: true) };
        cluster.Step();
        cluster.JobSet.Spec.ReplicatedJobs![0].Template.Spec.Parallelism = 4;
        cluster.JobSet.Spec.ReplicatedJobs![0].Template.Spec.Completions = 4;

        var update = Updates(cluster.Step(Cluster.T0.AddMinutes(1))).Single();

        Assert.That(update.Changes, Is.EqualTo(new JobChanges { Scales = true, Parallelism = 4, Completions = 4 }));
        Assert.That(update.Changes!.OnObservedVersion, Is.False);
    }
}
