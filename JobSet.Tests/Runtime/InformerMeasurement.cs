using System.Diagnostics;
using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Store;
using JobSet.Kubernetes.Runtime;
using JobSet.Tests.TestSupport;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobSet.Tests.Runtime;

/// <summary>
/// Figures for docs/controller-runtime.md: initial sync of an informer over 10,000 Jobs over HTTP,
/// and cache bytes per Job (a Job as the planner creates it for examples/simple.yaml). Run by hand:
/// <c>dotnet test JobSet.Tests -c Release --filter "FullyQualifiedName~InformerMeasurement"</c>.
/// </summary>
[Explicit("measurement, run by hand")]
[Category("Measurement")]
public sealed class InformerMeasurement
{
    private const int Jobs = 10_000;

    [Test]
    public async Task Initial_sync_of_10000_planner_Jobs_and_cache_bytes_per_Job()
    {
        var node = ManifestReader.ReadObjects(File.ReadAllText(ExampleFiles.PathOf("simple.yaml")), "simple.yaml")[0];
        var jobSet = JobSetDefaulter.Apply(KubeSerializer.FromNode<V1alpha2JobSet>(node, "simple.yaml"));
        jobSet.Metadata.NamespaceProperty = "default";
        jobSet.Metadata.Uid = Guid.NewGuid().ToString();
        var plan = Planner.Reconcile(jobSet, ObservedState.Empty, DateTimeOffset.UtcNow, FeatureGates.Default);
        var template = plan.Actions.Where(a => a.IsT0).Select(a => a.AsT0.Resource).OfType<V1Job>().First();

        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false });
        for (var i = 0; i < Jobs; i++)
        {
            var job = ModelCopy.Of(template)!;
            job.Metadata.Name = $"{template.Metadata.Name}-m{i}";
            cluster.Store.Create(ResourceType.Jobs, job);
        }

        using var client = new k8s.Kubernetes(cluster.ClientConfiguration());
        var informer = new Informer<V1Job>(ListWatches.Jobs(client, $"{WellKnownKeys.JobSetName}={jobSet.Metadata.Name}"), new InformerOptions(), NullLogger<Informer<V1Job>>.Instance);
        informer.AddIndex(Indexes.ControllerUidName, Indexes.ControllerUid);
        using var cts = new CancellationTokenSource();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(CancellationToken.None);
        var syncSeconds = stopwatch.Elapsed.TotalSeconds;
        var heap = GC.GetTotalMemory(forceFullCollection: true) - before;
        var bytes = informer.ApproximateBytes();
        Assert.That(informer.Count, Is.EqualTo(Jobs));
        Assert.That(informer.ByIndex(Indexes.ControllerUidName, jobSet.Metadata.Uid), Has.Count.EqualTo(Jobs));
        await cts.CancelAsync();
        await run;

        TestContext.Out.WriteLine($"initial sync of {Jobs} Jobs over HTTP (pages of 500): {syncSeconds:F2} s");
        TestContext.Out.WriteLine($"cache: {bytes / Jobs} JSON bytes per Job; managed heap growth {heap / Jobs} bytes per Job");
    }
}
