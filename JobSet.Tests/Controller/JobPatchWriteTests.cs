using JobSet.Core.Api;
using JobSet.Core.Planning;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Controller;
using JobSet.Kubernetes.Embedded;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Controller;

/// <summary>
/// The controller's Job writes, planned from Jobs as its cache holds them (no pod template) and
/// applied to the embedded cluster: the patches change exactly what the plan changes, keep what
/// the cache never saw, and a Job changed after it was observed is not overwritten.
/// </summary>
public sealed class JobPatchWriteTests
{
    private const string Yaml = """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: pw
        spec:
          suspend: true
          replicatedJobs:
          - name: w
            replicas: 2
            template:
              spec:
                parallelism: 1
                completions: 1
                template:
                  metadata:
                    labels:
                      team: a
                  spec:
                    restartPolicy: Never
                    nodeSelector:
                      old-flavor: a
                    tolerations:
                    - key: old
                      operator: Exists
                    containers:
                    - name: c
                      image: busybox
        """;

    [Test]
    public async Task Resume_merges_the_labels_replaces_the_directives_and_keeps_what_the_cache_never_held()
    {
        await using var rig = await Rig.StartAsync(FeatureGates.Default);
        Assert.That((await rig.ReconcileAsync(_ => { })).Error, Is.Null);
        await rig.Client.BatchV1.PatchNamespacedJobAsync(new V1Patch("""{"spec":{"template":{"metadata":{"labels":{"other-controller":"x"}}}}}""", V1Patch.PatchType.MergePatch), "pw-w-0", "default");
        await rig.Client.BatchV1.PatchNamespacedJobStatusAsync(new V1Patch("""{"status":{"startTime":"2026-01-01T00:00:00Z"}}""", V1Patch.PatchType.MergePatch), "pw-w-0", "default");

        var resumed = await rig.ReconcileAsync(Resume);
        var jobs = await rig.JobsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(resumed.Error, Is.Null);
            foreach (var job in jobs)
            {
                var name = job.Metadata.Name;
                var pod = job.Spec.Template;
                Assert.That(job.Spec.Suspend, Is.False, name);
                Assert.That(pod.Metadata.Labels["team"], Is.EqualTo("a"), name + ": a label of the template the patch did not name");
                Assert.That(pod.Metadata.Labels["kueue"], Is.EqualTo("y"), name + ": the template's new label");
                Assert.That(pod.Metadata.Labels[WellKnownKeys.JobIndex], Is.EqualTo(job.Metadata.Labels[WellKnownKeys.JobIndex]), name + ": a JobSet label");
                Assert.That(pod.Spec.NodeSelector, Is.EquivalentTo(new Dictionary<string, string> { ["new-flavor"] = "b" }), name + ": replaced, not merged");
                Assert.That(pod.Spec.Tolerations.Select(t => t.Key), Is.EqualTo(new[] { "new" }), name);
                Assert.That(pod.Spec.Containers.Single().Image, Is.EqualTo("busybox"), name + ": the rest of the template");
                Assert.That(job.Spec.Parallelism, Is.EqualTo(1), name);
            }

            Assert.That(jobs.Single(j => j.Metadata.Name == "pw-w-0").Spec.Template.Metadata.Labels["other-controller"], Is.EqualTo("x"), "another controller's label stays");
            Assert.That(jobs.Single(j => j.Metadata.Name == "pw-w-0").Status?.StartTime, Is.Null, "startTime cleared first");
        });
    }

    [Test]
    public async Task A_job_changed_after_it_was_observed_is_not_overwritten_and_the_next_reconcile_resumes_it()
    {
        await using var rig = await Rig.StartAsync(FeatureGates.Default);
        await rig.ReconcileAsync(_ => { });
        var plan = await rig.PlanAsync(Resume);
        await rig.Client.BatchV1.PatchNamespacedJobAsync(new V1Patch("""{"metadata":{"labels":{"touched":"yes"}}}""", V1Patch.PatchType.MergePatch), "pw-w-0", "default");

        var stale = await rig.ApplyAsync(plan);
        var afterStale = await rig.JobsAsync();
        var fresh = await rig.ReconcileAsync(Resume);
        var afterFresh = await rig.JobsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(stale.Error, Does.Contain("pw-w-0").And.Contain("update failed"), "409 Conflict on the observed resourceVersion");
            Assert.That(afterStale.All(j => j.Spec.Suspend == true), Is.True, "the first write failed and ended the apply, as upstream's resume loop");
            Assert.That(fresh.Error, Is.Null);
            Assert.That(afterFresh.All(j => j.Spec.Suspend == false), Is.True);
            Assert.That(afterFresh.Single(j => j.Metadata.Name == "pw-w-0").Metadata.Labels["touched"], Is.EqualTo("yes"));
        });
    }

    [Test]
    public async Task An_elastic_resize_patches_parallelism_and_completions_without_a_precondition()
    {
        await using var rig = await Rig.StartAsync(new FeatureGates(ElasticJobSet: true));
        await rig.ReconcileAsync(_ => { });
        var plan = await rig.PlanAsync(Scale);
        await rig.Client.BatchV1.PatchNamespacedJobAsync(new V1Patch("""{"metadata":{"labels":{"touched":"yes"}}}""", V1Patch.PatchType.MergePatch), "pw-w-0", "default");

        var resized = await rig.ApplyAsync(plan);
        var jobs = await rig.JobsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(plan.Actions.Count(a => a.Type == PlanActionType.Update), Is.EqualTo(2));
            Assert.That(resized.Error, Is.Null, "a plain merge patch, as upstream's");
            Assert.That(jobs.Select(j => (j.Spec.Parallelism, j.Spec.Completions)), Is.All.EqualTo((3, 3)));
            Assert.That(jobs.All(j => j.Spec.Suspend == true && j.Spec.Template.Spec.Containers.Single().Image == "busybox"), Is.True, "nothing else changed");
            Assert.That(jobs.Single(j => j.Metadata.Name == "pw-w-0").Metadata.Labels["touched"], Is.EqualTo("yes"));
        });
    }

    private static void Resume(V1alpha2JobSet jobSet)
    {
        jobSet.Spec.Suspend = false;
        var pod = jobSet.Spec.ReplicatedJobs![0].Template.Spec!.Template;
        pod.Metadata.Labels["kueue"] = "y";
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["new-flavor"] = "b" };
        pod.Spec.Tolerations = [new V1Toleration { Key = "new", OperatorProperty = "Exists" }];
    }

    private static void Scale(V1alpha2JobSet jobSet)
    {
        jobSet.Spec.ReplicatedJobs![0].Template.Spec!.Parallelism = 3;
        jobSet.Spec.ReplicatedJobs![0].Template.Spec!.Completions = 3;
    }

    /// <summary>An embedded cluster holding the JobSet, and the controller's planner and applier reading Jobs as its cache holds them.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly EmbeddedCluster cluster;
        private readonly PlanApplier applier;
        private readonly FeatureGates gates;
        private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        private string plannedFrom = "";

        private Rig(EmbeddedCluster cluster, FeatureGates gates)
        {
            this.cluster = cluster;
            this.gates = gates;
            Client = new k8s.Kubernetes(cluster.ClientConfiguration());
            applier = new PlanApplier(Client, new JobSetEventRecorder(Client, time, NullLogger.Instance, "test"), new Expectations(time), NullLogger.Instance);
        }

        public k8s.Kubernetes Client { get; }

        public static async Task<Rig> StartAsync(FeatureGates gates)
        {
            var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false, FeatureGates = gates });
            var rig = new Rig(cluster, gates);
            await rig.Client.CustomObjects.CreateNamespacedCustomObjectAsync(KubeSerializer.ToNode(ManifestReader.ReadJobSet(Yaml, "pw")), ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.JobSetPlural);
            return rig;
        }

        /// <summary>The stored JobSet, changed in memory by <paramref name="change"/> (as if its spec had been updated), planned against the Jobs as the cache holds them.</summary>
        public async Task<ReconcilePlan> PlanAsync(Action<V1alpha2JobSet> change)
        {
            var stored = await Client.CustomObjects.GetNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.JobSetPlural, "pw");
            var jobSet = KubernetesJson.Deserialize<V1alpha2JobSet>(System.Text.Json.JsonSerializer.Serialize(stored));
            plannedFrom = jobSet.Metadata.ResourceVersion;
            change(jobSet);
            var cached = (await Client.BatchV1.ListNamespacedJobAsync("default")).Items.ToList();
            cached.ForEach(JobCacheTransform.Apply);
            return Planner.Reconcile(jobSet, new ObservedState(cached, [], []), time.GetUtcNow(), gates);
        }

        public Task<ApplyResult> ApplyAsync(ReconcilePlan plan) => applier.ApplyAsync(plan, plannedFrom, CancellationToken.None);

        public async Task<ApplyResult> ReconcileAsync(Action<V1alpha2JobSet> change) => await ApplyAsync(await PlanAsync(change));

        public async Task<IList<V1Job>> JobsAsync() => (await Client.BatchV1.ListNamespacedJobAsync("default")).Items.OrderBy(j => j.Metadata.Name, StringComparer.Ordinal).ToList();

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await cluster.DisposeAsync();
        }
    }
}
