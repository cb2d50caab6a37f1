using System.Net;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Runtime;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static JobSet.Tests.Runtime.RuntimeTestSupport;

namespace JobSet.Tests.Runtime;

/// <summary>The embedded cluster's injected faults, as a client sees them over HTTP.</summary>
[NonParallelizable]
public sealed class FaultInjectionTests
{
    private EmbeddedCluster cluster = null!;
    private k8s.Kubernetes client = null!;
    private FaultInjectionOptions faults = null!;
    private const string Ns = "default";

    [SetUp]
    public async Task Start()
    {
        var options = new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false, BookmarkInterval = TimeSpan.FromMilliseconds(200) };
        faults = options.Faults;
        cluster = await EmbeddedCluster.StartAsync(options);
        client = new k8s.Kubernetes(cluster.ClientConfiguration());
    }

    [TearDown]
    public async Task Stop()
    {
        client.Dispose();
        await cluster.DisposeAsync();
    }

    private static V1ConfigMap ConfigMap(string name) => new() { Metadata = new V1ObjectMeta { Name = name } };

    private static HttpStatusCode CodeOf(Func<Task> call)
    {
        var ex = Assert.ThrowsAsync<HttpOperationException>(async () => await call());
        return ex!.Response.StatusCode;
    }

    [Test]
    public async Task A_500_or_429_refuses_the_request_before_it_is_executed()
    {
        faults.ServerErrorRate = 1;
        Assert.That(CodeOf(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), Ns)), Is.EqualTo(HttpStatusCode.InternalServerError));
        faults.ServerErrorRate = 0;
        faults.TooManyRequestsRate = 1;
        faults.RetryAfterSeconds = 3;
        var ex = Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), Ns));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(ex.Response.Headers["Retry-After"], Is.EqualTo(new[] { "3" }));
            Assert.That(KubernetesJson.Deserialize<V1Status>(ex.Response.Content).Reason, Is.EqualTo("TooManyRequests"));
        });

        faults.TooManyRequestsRate = 0;
        Assert.That((await client.CoreV1.ListNamespacedConfigMapAsync(Ns)).Items, Is.Empty, "refused creates stored nothing");
        Assert.That(await client.CoreV1.ReadNamespaceAsync(Ns), Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(faults.InjectedServerErrors, Is.EqualTo(1));
            Assert.That(faults.InjectedTooManyRequests, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_seeded_share_of_requests_fails_and_the_same_seed_fails_the_same_ones()
    {
        async Task<string> Pattern()
        {
            faults.Seed = 42;
            faults.ServerErrorRate = 0.3;
            var pattern = "";
            for (var i = 0; i < 40; i++)
            {
                try
                {
                    await client.CoreV1.ListNamespacedConfigMapAsync(Ns);
                    pattern += ".";
                }
                catch (HttpOperationException)
                {
                    pattern += "x";
                }
            }

            faults.ServerErrorRate = 0;
            return pattern;
        }

        var first = await Pattern();
        var second = await Pattern();
        Assert.That(first, Does.Contain("x").And.Contain("."));
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task Status_writes_of_the_chosen_resource_conflict_while_other_writes_succeed()
    {
        var job = await client.BatchV1.CreateNamespacedJobAsync(Job("j", new Dictionary<string, string> { ["a"] = "b" }), Ns);
        faults.StatusConflictRate = 1;
        faults.StatusConflictResource = "jobs";
        job.Status = new V1JobStatus { Active = 1 };
        Assert.That(CodeOf(() => client.BatchV1.ReplaceNamespacedJobStatusAsync(job, "j", Ns)), Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(CodeOf(() => client.BatchV1.PatchNamespacedJobStatusAsync(new V1Patch("{\"status\":{\"active\":2}}", V1Patch.PatchType.MergePatch), "j", Ns)), Is.EqualTo(HttpStatusCode.Conflict));
        job.Metadata.Labels["x"] = "y";
        var updated = await client.BatchV1.ReplaceNamespacedJobAsync(job, "j", Ns);
        Assert.That(updated.Metadata.Labels["x"], Is.EqualTo("y"), "a main-resource write is untouched");

        faults.StatusConflictResource = "pods";
        updated.Status = new V1JobStatus { Active = 1 };
        var written = await client.BatchV1.ReplaceNamespacedJobStatusAsync(updated, "j", Ns);
        Assert.That(written.Status.Active, Is.EqualTo(1), "another resource's status writes are untouched");
        Assert.That(faults.InjectedConflicts, Is.EqualTo(2));
    }

    [Test]
    public async Task Watches_close_after_N_events_and_a_chosen_resourceVersion_expires()
    {
        var labels = new Dictionary<string, string> { ["a"] = "b" };
        for (var i = 0; i < 5; i++)
        {
            await client.BatchV1.CreateNamespacedJobAsync(Job($"j{i}", labels), Ns);
        }

        var source = ListWatches.Jobs(client, "a=b", Ns);
        var list = await source.List(new ListRequest(null, 0), CancellationToken.None);
        faults.CloseWatchAfterEvents = 2;
        var events = new List<string>();
        using var cts = new CancellationTokenSource(Patience);
        await foreach (var (type, obj) in source.Watch(new WatchRequest("1", 60, false), cts.Token))
        {
            events.Add($"{type} {obj.Metadata.Name}");
        }

        Assert.That(events, Has.Count.EqualTo(2), "the stream ended cleanly after two events");
        Assert.That(faults.ClosedWatches, Is.EqualTo(1));

        faults.CloseWatchAfterEvents = null;
        faults.ExpiredResourceVersions[list.ResourceVersion] = true;
        var ex = Assert.ThrowsAsync<ResourceExpiredException>(async () =>
        {
            await foreach (var _ in source.Watch(new WatchRequest(list.ResourceVersion, 60, true), cts.Token))
            {
            }
        });
        Assert.That(ex!.Message, Does.Contain("too old resource version"));
        Assert.That(faults.ExpiredWatches, Is.EqualTo(1));
    }
}
