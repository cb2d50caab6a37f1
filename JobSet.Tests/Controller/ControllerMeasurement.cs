using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using JobSet.Core.Api;
using JobSet.Kubernetes.Embedded.Store;
using JobSet.Kubernetes.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace JobSet.Tests.Controller;

/// <summary>
/// Figures for docs/controller.md: API requests per JobSet lifecycle against the minimum, time
/// from apply to all Jobs created for a 1,000-Job JobSet, cache bytes per Job, and the
/// failure-recovery time of a 100-Job JobSet under simulation. Run by hand:
/// <c>dotnet test JobSet.Tests -c Release --filter "FullyQualifiedName~ControllerMeasurement"</c>.
/// </summary>
[Explicit("measurement, run by hand")]
[Category("Measurement")]
public sealed class ControllerMeasurement
{
    [Test]
    public async Task Requests_per_lifecycle_of_a_two_job_jobset()
    {
        var counter = new RequestCounter();
        await using var f = await ControllerFixture.StartAsync(controller: null, services: s => s.AddSingleton<IKubernetes>(sp => new k8s.Kubernetes(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobSetControllerOptions>>().Value.Cluster!, counter)));
        var baseline = counter.Snapshot();
        await f.CreateAsync(File.ReadAllText(TestSupport.ExampleFiles.PathOf("simple.yaml")));
        await f.WaitForConditionAsync("hello-world", JobSetConditionType.Completed);
        await Task.Delay(2000);

        var requests = counter.Snapshot().Where(kv => !baseline.ContainsKey(kv.Key) || baseline[kv.Key] != kv.Value)
            .ToDictionary(kv => kv.Key, kv => kv.Value - baseline.GetValueOrDefault(kv.Key));
        TestContext.Out.WriteLine("requests after create, by verb and path shape:");
        foreach (var (what, count) in requests.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            TestContext.Out.WriteLine($"  {count,4}  {what}");
        }

        TestContext.Out.WriteLine($"total {requests.Values.Sum()} (minimum: 2 Job creates + 1 Service + the status writes)");
    }

    [Test]
    public async Task Apply_to_all_jobs_created_for_1000_jobs_and_cache_bytes_per_job()
    {
        await using var f = await ControllerFixture.StartAsync(simulate: false);
        var stopwatch = Stopwatch.StartNew();
        await f.CreateAsync(Big("big", 1000));
        while (f.Cluster.Store.List(ResourceType.Jobs, "default").Count < 1000)
        {
            await Task.Delay(5);
        }

        var created = stopwatch.Elapsed;
        while (f.State.CachedJobs < 1000)
        {
            await Task.Delay(5);
        }

        // Baseline: the same 1,000 Jobs sent straight through KubernetesClient, 50 at once, into another namespace.
        var jobs = await f.Client.BatchV1.ListNamespacedJobAsync("default");
        await f.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "baseline" } });
        stopwatch.Restart();
        await Parallel.ForEachAsync(jobs.Items, new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (job, ct) =>
        {
            var copy = new V1Job { Metadata = new V1ObjectMeta { Name = job.Metadata.Name, NamespaceProperty = "baseline", Labels = job.Metadata.Labels, Annotations = job.Metadata.Annotations }, Spec = job.Spec };
            copy.Spec.Selector = null;
            copy.Spec.Template.Metadata.Labels?.Remove("batch.kubernetes.io/controller-uid");
            copy.Spec.Template.Metadata.Labels?.Remove("controller-uid");
            await f.Client.BatchV1.CreateNamespacedJobAsync(copy, "baseline", cancellationToken: ct);
        });
        var baseline = stopwatch.Elapsed;

        GC.Collect();
        TestContext.Out.WriteLine($"apply to 1,000 Jobs created: {created.TotalMilliseconds:F0} ms (baseline, the same creates sent directly 50 at once: {baseline.TotalMilliseconds:F0} ms)");
        TestContext.Out.WriteLine($"cache bytes (serialized) per Job: {f.State.CacheBytes() / 1000.0:F0} B; process working set {Process.GetCurrentProcess().WorkingSet64 / 1048576} MiB");
    }

    [Test]
    public async Task Failure_recovery_of_a_100_job_jobset()
    {
        await using var f = await ControllerFixture.StartAsync(cluster: o => o.Simulation.NodeCount = 110);
        await f.CreateAsync(Big("rec", 100).Replace("run-seconds: \"1\"", "run-seconds: \"forever\"", StringComparison.Ordinal));
        await f.WaitAsync("rec", j => j.Status?.ReplicatedJobsStatus?.Sum(s => s.Ready) == 100, TimeSpan.FromSeconds(120));

        var stopwatch = Stopwatch.StartNew();
        var job = await f.Client.BatchV1.ReadNamespacedJobAsync("rec-w-0", "default");
        job.Metadata.Annotations ??= new Dictionary<string, string>();
        job.Metadata.Annotations["sim.jobset.x-k8s.io/fail-now"] = "1";
        await f.Client.BatchV1.ReplaceNamespacedJobAsync(job, "rec-w-0", "default");
        await f.WaitAsync("rec", j => j.Status?.Restarts == 1 && j.Status.ReplicatedJobsStatus?.Sum(s => s.Ready) == 100, TimeSpan.FromSeconds(120));
        TestContext.Out.WriteLine($"failure recovery, 100 Jobs (fail injected to all 100 new Jobs ready): {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static string Big(string name, int replicas) => $$"""
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: {{name}}
        spec:
          failurePolicy:
            maxRestarts: 3
          replicatedJobs:
          - name: w
            replicas: {{replicas.ToString(CultureInfo.InvariantCulture)}}
            template:
              spec:
                backoffLimit: 0
                template:
                  metadata:
                    annotations:
                      sim.jobset.x-k8s.io/run-seconds: "1"
                  spec:
                    restartPolicy: Never
                    containers:
                    - name: c
                      image: busybox
        """;

    /// <summary>Counts the controller's non-watch requests by verb and path shape (names replaced by *).</summary>
    private sealed class RequestCounter : DelegatingHandler
    {
        private readonly ConcurrentDictionary<string, int> counts = new();

        public RequestCounter() => InnerHandler = new HttpClientHandler();

        public Dictionary<string, int> Snapshot() => counts.ToDictionary(kv => kv.Key, kv => kv.Value);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            if (!uri.Query.Contains("watch=true", StringComparison.Ordinal))
            {
                var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var shape = string.Join('/', segments.Select((s, i) => i > 0 && segments[i - 1] is "namespaces" or "jobs" or "services" or "jobsets" or "events" or "leases" or "pods" ? "*" : s));
                counts.AddOrUpdate($"{request.Method} /{shape}", 1, (_, n) => n + 1);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
