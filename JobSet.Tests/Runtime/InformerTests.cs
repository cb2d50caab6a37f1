using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Runtime;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using static JobSet.Tests.Runtime.RuntimeTestSupport;

namespace JobSet.Tests.Runtime;

/// <summary>The informer against the embedded cluster over HTTP, with injected faults.</summary>
[NonParallelizable]
public sealed class InformerTests
{
    private EmbeddedCluster cluster = null!;
    private k8s.Kubernetes client = null!;
    private FaultInjectionOptions faults = null!;
    private const string Ns = "default";

    [OneTimeSetUp]
    public async Task Start()
    {
        var options = new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false, BookmarkInterval = TimeSpan.FromMilliseconds(200) };
        faults = options.Faults;
        cluster = await EmbeddedCluster.StartAsync(options);
        client = new k8s.Kubernetes(cluster.ClientConfiguration());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        client.Dispose();
        await cluster.DisposeAsync();
    }

    [TearDown]
    public void ResetFaults()
    {
        faults.ServerErrorRate = 0;
        faults.TooManyRequestsRate = 0;
        faults.CloseWatchAfterEvents = null;
        faults.CloseWatchAfter = null;
        faults.ExpireNextWatches = 0;
        faults.ExpiredResourceVersions.Clear();
    }

    private static InformerOptions Fast(int pageSize = 500) => new() { PageSize = pageSize, MinBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(500) };

    private static string Set() => "s" + Guid.NewGuid().ToString("N")[..8];

    private async Task CreateJobs(string set, int count, Func<int, string?>? owner = null, int first = 0)
    {
        var labels = new Dictionary<string, string> { ["set"] = set };
        for (var i = first; i < first + count; i++)
        {
            await client.BatchV1.CreateNamespacedJobAsync(Job($"{set}-{i}", labels, owner?.Invoke(i)), Ns);
        }
    }

    private static async Task StopInformer(CancellationTokenSource cts, Task run)
    {
        await cts.CancelAsync();
        await run.WaitAsync(Patience);
    }

    [Test]
    public async Task The_initial_list_is_paged_and_delivered_as_initial_adds()
    {
        var set = Set();
        await CreateJobs(set, 23);
        var source = new CountingSource<V1Job>(ListWatches.Jobs(client, $"set={set}", Ns));
        var informer = new Informer<V1Job>(source.Source, Fast(pageSize: 5), NullLogger<Informer<V1Job>>.Instance);
        var handler = new RecordingHandler<V1Job>();
        informer.AddHandler(handler);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Multiple(() =>
        {
            Assert.That(informer.HasSynced, Is.True);
            Assert.That(informer.Count, Is.EqualTo(23));
            Assert.That(source.Pages, Is.EqualTo(5), "23 Jobs in pages of 5");
            Assert.That(handler.Events.Count(e => e.Kind == "add" && e.Initial), Is.EqualTo(23));
            Assert.That(informer.Get(Ns, $"{set}-7")?.Metadata.Name, Is.EqualTo($"{set}-7"));
            Assert.That(informer.Get(Ns, "absent"), Is.Null);
            Assert.That(informer.List().All(j => j.Kind == "Job" && j.ApiVersion == "batch/v1"), Is.True, "list items get their apiVersion and kind");
        });
        await StopInformer(cts, run);
    }

    [Test]
    public async Task Adds_updates_and_deletes_reach_the_cache_and_handlers()
    {
        var set = Set();
        var informer = new Informer<V1Job>(ListWatches.Jobs(client, $"set={set}", Ns), Fast(), NullLogger<Informer<V1Job>>.Instance);
        var handler = new RecordingHandler<V1Job>();
        informer.AddHandler(handler);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Patience);
        Assert.That(informer.Count, Is.Zero);

        await CreateJobs(set, 2);
        await Eventually(() => informer.Count == 2, "two adds");
        var job = await client.BatchV1.ReadNamespacedJobAsync($"{set}-0", Ns);
        job.Metadata.Labels["extra"] = "yes";
        await client.BatchV1.ReplaceNamespacedJobAsync(job, job.Metadata.Name, Ns);
        await Eventually(() => informer.Get(Ns, $"{set}-0")?.Metadata.Labels.ContainsKey("extra") == true, "the update");
        await client.BatchV1.DeleteNamespacedJobAsync($"{set}-1", Ns);
        await Eventually(() => informer.Get(Ns, $"{set}-1") is null, "the delete");

        Assert.Multiple(() =>
        {
            Assert.That(handler.Events.Where(e => e.Kind == "add").Select(e => (e.Name, e.Initial)), Is.EquivalentTo(new[] { ($"{set}-0", false), ($"{set}-1", false) }));
            Assert.That(handler.Saw("update", $"{set}-0"), Is.True);
            Assert.That(handler.Saw("delete", $"{set}-1"), Is.True);
            Assert.That(informer.Get(Ns, $"{set}-0")!.Metadata.ManagedFields, Is.Null, "managedFields are dropped");
        });
        await StopInformer(cts, run);
    }

    [Test]
    public async Task A_closed_stream_is_resumed_from_the_last_resourceVersion_without_a_relist()
    {
        faults.CloseWatchAfterEvents = 2;
        var set = Set();
        var source = new CountingSource<V1Job>(ListWatches.Jobs(client, $"set={set}", Ns));
        var informer = new Informer<V1Job>(source.Source, Fast(), NullLogger<Informer<V1Job>>.Instance);
        var handler = new RecordingHandler<V1Job>();
        informer.AddHandler(handler);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Patience);

        await CreateJobs(set, 8);
        await Eventually(() => informer.Count == 8, "eight adds across closed streams");
        Assert.Multiple(() =>
        {
            Assert.That(faults.ClosedWatches, Is.GreaterThanOrEqualTo(3), "streams were closed");
            Assert.That(source.Watches, Is.GreaterThanOrEqualTo(4), "each closed stream was re-watched");
            Assert.That(source.Lists, Is.EqualTo(1), "no relist");
            Assert.That(handler.Count("add"), Is.EqualTo(8), "no event lost or repeated");
        });
        await StopInformer(cts, run);
    }

    [Test]
    public async Task A_410_relists_with_synthetic_deletes_and_updates_for_missed_events()
    {
        var set = Set();
        await CreateJobs(set, 3);
        faults.CloseWatchAfter = TimeSpan.FromMilliseconds(300);
        var source = new CountingSource<V1Job>(ListWatches.Jobs(client, $"set={set}", Ns));
        var informer = new Informer<V1Job>(source.Source, Fast(), NullLogger<Informer<V1Job>>.Instance);
        var handler = new RecordingHandler<V1Job>();
        informer.AddHandler(handler);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Patience);

        // The informer misses these events (as during a long disconnect) ...
        source.Hidden[$"{set}-0"] = true;
        source.Hidden[$"{set}-1"] = true;
        await client.BatchV1.DeleteNamespacedJobAsync($"{set}-0", Ns);
        var job = await client.BatchV1.ReadNamespacedJobAsync($"{set}-1", Ns);
        job.Metadata.Labels["extra"] = "yes";
        await client.BatchV1.ReplaceNamespacedJobAsync(job, job.Metadata.Name, Ns);
        await Task.Delay(400);
        Assert.That(informer.Get(Ns, $"{set}-0"), Is.Not.Null, "the delete was hidden");

        // ... and then its resourceVersion expires: it relists.
        faults.ExpireNextWatches = 1;
        await Eventually(() => informer.Get(Ns, $"{set}-0") is null, "the relist drops the deleted Job");
        Assert.Multiple(() =>
        {
            Assert.That(faults.ExpiredWatches, Is.EqualTo(1));
            Assert.That(source.Lists, Is.EqualTo(2));
            Assert.That(handler.Saw("delete", $"{set}-0"), Is.True, "synthetic delete");
            Assert.That(handler.Saw("update", $"{set}-1"), Is.True, "update for the changed Job");
            Assert.That(handler.Saw("update", $"{set}-2"), Is.False, "no update for an unchanged Job");
            Assert.That(informer.Get(Ns, $"{set}-1")!.Metadata.Labels.ContainsKey("extra"), Is.True);
            Assert.That(informer.Count, Is.EqualTo(2));
        });
        await StopInformer(cts, run);
    }

    [Test]
    public async Task Server_errors_and_throttling_are_retried_with_backoff()
    {
        var set = Set();
        await CreateJobs(set, 4);
        faults.ServerErrorRate = 1;
        var source = new CountingSource<V1Job>(ListWatches.Jobs(client, $"set={set}", Ns));
        var informer = new Informer<V1Job>(source.Source, Fast(pageSize: 2), NullLogger<Informer<V1Job>>.Instance);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await Eventually(() => faults.InjectedServerErrors >= 3, "list retried");
        Assert.That(informer.HasSynced, Is.False);

        faults.ServerErrorRate = 0;
        faults.TooManyRequestsRate = 0.5;
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Patience);
        faults.TooManyRequestsRate = 0;
        await CreateJobs(set, 1, first: 4);
        await Eventually(() => informer.Count == 1 + 4, "watch after recovery");
        Assert.That(faults.InjectedServerErrors, Is.GreaterThanOrEqualTo(3));
        await StopInformer(cts, run);
    }

    [Test]
    public async Task Indexes_follow_adds_updates_and_deletes()
    {
        var set = Set();
        await CreateJobs(set, 6, i => i < 4 ? "uid-a" : null);
        var informer = new Informer<V1Job>(ListWatches.Jobs(client, $"set={set}", Ns), Fast(), NullLogger<Informer<V1Job>>.Instance);
        informer.AddIndex(Indexes.ControllerUidName, Indexes.ControllerUid);
        informer.AddIndex("color", Indexes.Label("color"));
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Patience);
        Assert.That(() => informer.AddIndex("late", Indexes.Namespace), Throws.InvalidOperationException);

        string[] Names(string index, string key) => [.. informer.ByIndex(index, key).Select(j => j.Metadata.Name).Order()];
        Assert.That(Names(Indexes.ControllerUidName, "uid-a"), Is.EqualTo(new[] { $"{set}-0", $"{set}-1", $"{set}-2", $"{set}-3" }));

        // Re-own one Job, colour another, delete a third.
        var job = await client.BatchV1.ReadNamespacedJobAsync($"{set}-1", Ns);
        job.Metadata.OwnerReferences[0].Uid = "uid-b";
        job.Metadata.Labels["color"] = "red";
        await client.BatchV1.ReplaceNamespacedJobAsync(job, job.Metadata.Name, Ns);
        await client.BatchV1.DeleteNamespacedJobAsync($"{set}-2", Ns);
        await Eventually(() => informer.ByIndex(Indexes.ControllerUidName, "uid-b").Count == 1 && informer.Count == 5, "index updates");

        Assert.Multiple(() =>
        {
            Assert.That(Names(Indexes.ControllerUidName, "uid-a"), Is.EqualTo(new[] { $"{set}-0", $"{set}-3" }));
            Assert.That(Names(Indexes.ControllerUidName, "uid-b"), Is.EqualTo(new[] { $"{set}-1" }));
            Assert.That(Names("color", "red"), Is.EqualTo(new[] { $"{set}-1" }));
            Assert.That(informer.ByIndex("color", "blue"), Is.Empty);
            Assert.That(() => informer.ByIndex("nope", "x"), Throws.ArgumentException);
        });
        await StopInformer(cts, run);
    }
}
