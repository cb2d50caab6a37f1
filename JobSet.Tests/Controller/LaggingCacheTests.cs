using JobSet.Core.Api;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Controller;
using JobSet.Kubernetes.Embedded;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Controller;

/// <summary>
/// A cache that lags behind the controller's own writes never makes it write twice: the next
/// reconcile waits for the caches (expectations) instead of creating the same Jobs again, and
/// goes on once they show the writes or the expectation expires.
/// </summary>
public sealed class LaggingCacheTests
{
    private const string Yaml = """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: lag
        spec:
          replicatedJobs:
          - name: w
            replicas: 3
            template:
              spec:
                template:
                  spec:
                    restartPolicy: Never
                    containers:
                    - name: c
                      image: busybox
        """;

    [Test]
    public async Task The_reconcile_after_creating_jobs_waits_for_the_cache_instead_of_creating_them_again()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false });
        using var client = new k8s.Kubernetes(cluster.ClientConfiguration());
        var stored = await client.CustomObjects.CreateNamespacedCustomObjectAsync(KubeSerializer.ToNode(ManifestReader.ReadJobSet(Yaml, "lag")), ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.JobSetPlural);
        var jobSet = KubernetesJson.Deserialize<V1alpha2JobSet>(System.Text.Json.JsonSerializer.Serialize(stored));
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var cache = new FrozenCache(jobSet);
        var expectations = new Expectations(time);
        var applier = new PlanApplier(client, new JobSetEventRecorder(client, time, NullLogger.Instance, "test"), expectations, NullLogger.Instance);
        using var metrics = new ControllerMetrics();
        var reconciler = new JobSetReconciler(cache, applier, expectations, FeatureGates.Default, time, metrics, NullLogger.Instance);
        var key = new JobSetKey("default", "lag");

        var first = await reconciler.ReconcileAsync(key, CancellationToken.None);
        var writesAfterFirst = cluster.Store.CurrentResourceVersion;
        var second = await reconciler.ReconcileAsync(key, CancellationToken.None);
        var writesAfterSecond = cluster.Store.CurrentResourceVersion;

        // The cache catches up with the Jobs (not with the status write, which expires instead).
        cache.Jobs.AddRange((await client.BatchV1.ListNamespacedJobAsync("default")).Items);
        time.Advance(Expectations.Timeout);
        var third = await reconciler.ReconcileAsync(key, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(ReconcileResult.Done));
            Assert.That(second.RequeueAfter, Is.Not.Null, "waits for the cache");
            Assert.That(writesAfterSecond, Is.EqualTo(writesAfterFirst), "the waiting reconcile wrote nothing");
            Assert.That(cluster.Store.List(Kubernetes.Embedded.Store.ResourceType.Jobs, "default"), Has.Count.EqualTo(3));
            Assert.That(third.Error, Is.Null.Or.Contain("conflict"), "goes on once the cache shows the Jobs");
        });
    }

    /// <summary>A cache that shows only what the test puts in it.</summary>
    private sealed class FrozenCache(V1alpha2JobSet jobSet) : IControllerCache
    {
        public List<V1Job> Jobs { get; } = [];

        public V1alpha2JobSet? JobSet(JobSetKey key) => jobSet;

        public IReadOnlyList<V1Job> JobsOwnedBy(string uid) => Jobs;

        public V1Job? Job(string ns, string name) => Jobs.FirstOrDefault(j => j.Metadata.Name == name);

        public V1Service? Service(string ns, string name) => null;

        public IReadOnlyList<V1PersistentVolumeClaim> ClaimsOf(JobSetKey key) => [];
    }
}
