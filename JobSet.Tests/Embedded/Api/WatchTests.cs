using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>Watches over HTTP with KubernetesClient: event order, resume from a resourceVersion, selectors, bookmarks.</summary>
public sealed class WatchTests : ApiTestBase
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Watch_reports_added_modified_deleted_in_order()
    {
        var name = Name("w");
        using var cts = new CancellationTokenSource(Patience);
        var events = Collect(Client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, fieldSelector: $"metadata.name={name}", cancellationToken: cts.Token), cts.Token);
        await Task.Delay(100, cts.Token);

        var cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);
        cm.Data["k"] = "changed";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, name, Ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync(name, Ns);

        var seen = await Take(events, 3, cts.Token);
        Assert.That(seen.Select(e => e.Type), Is.EqualTo(new[] { WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted }));
        Assert.That(seen[1].Object.Data["k"], Is.EqualTo("changed"));
    }

    [Test]
    public async Task Watch_resumes_after_a_resource_version()
    {
        var a = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("ra")), Ns);
        var b = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("rb")), Ns);
        a.Data["k"] = "later";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(a, a.Metadata.Name, Ns);

        using var cts = new CancellationTokenSource(Patience);
        var events = Collect(Client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, resourceVersion: a.Metadata.ResourceVersion, cancellationToken: cts.Token), cts.Token);
        var seen = await Take(events, 2, cts.Token);

        Assert.That(seen.Select(e => (e.Type, e.Object.Metadata.Name)), Is.EqualTo(new[]
        {
            (WatchEventType.Added, b.Metadata.Name),
            (WatchEventType.Modified, a.Metadata.Name),
        }));
    }

    [Test]
    public async Task Watch_without_resource_version_starts_with_the_current_objects()
    {
        var label = Name("init");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("i1-" + label, new Dictionary<string, string> { ["set"] = label }), Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("i2-" + label, new Dictionary<string, string> { ["set"] = label }), Ns);

        using var cts = new CancellationTokenSource(Patience);
        var events = Collect(Client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, labelSelector: $"set={label}", cancellationToken: cts.Token), cts.Token);
        var seen = await Take(events, 2, cts.Token);

        Assert.That(seen.Select(e => (e.Type, e.Object.Metadata.Name)), Is.EqualTo(new[] { (WatchEventType.Added, "i1-" + label), (WatchEventType.Added, "i2-" + label) }));
    }

    [Test]
    public async Task Relabelling_out_of_a_selector_is_a_deleted_event()
    {
        var label = Name("sel");
        var cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("rl"), new Dictionary<string, string> { ["set"] = label }), Ns);
        using var cts = new CancellationTokenSource(Patience);
        var events = Collect(Client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, labelSelector: $"set={label}", resourceVersion: cm.Metadata.ResourceVersion, cancellationToken: cts.Token), cts.Token);
        await Task.Delay(100, cts.Token);

        cm.Metadata.Labels["set"] = "other";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, cm.Metadata.Name, Ns);

        var seen = await Take(events, 1, cts.Token);
        Assert.That((seen[0].Type, seen[0].Object.Metadata.Name), Is.EqualTo((WatchEventType.Deleted, cm.Metadata.Name)));
    }

    [Test]
    public async Task Bookmarks_arrive_when_asked_for_and_carry_a_resource_version()
    {
        var cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("bm")), Ns);
        using var cts = new CancellationTokenSource(Patience);
        var events = Collect(Client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, fieldSelector: "metadata.name=none", resourceVersion: cm.Metadata.ResourceVersion, allowWatchBookmarks: true, cancellationToken: cts.Token), cts.Token);

        var seen = await Take(events, 1, cts.Token);

        Assert.That(seen[0].Type, Is.EqualTo(WatchEventType.Bookmark));
        Assert.That(long.Parse(seen[0].Object.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture),
            Is.GreaterThanOrEqualTo(long.Parse(cm.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Send_initial_events_ends_with_the_initial_events_end_bookmark()
    {
        var label = Name("sie");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("sie"), new Dictionary<string, string> { ["set"] = label }), Ns);
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress };
        using var cts = new CancellationTokenSource(Patience);

        using var stream = await http.GetStreamAsync(new Uri($"/api/v1/namespaces/{Ns}/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=set%3D{label}", UriKind.Relative), cts.Token);
        using var reader = new StreamReader(stream);
        var first = System.Text.Json.Nodes.JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
        var second = System.Text.Json.Nodes.JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;

        Assert.That(first["type"]!.GetValue<string>(), Is.EqualTo("ADDED"));
        Assert.That(second["type"]!.GetValue<string>(), Is.EqualTo("BOOKMARK"));
        Assert.That(second["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>(), Is.EqualTo("true"));
    }

    private static ChannelReader<(WatchEventType Type, V1ConfigMap Object)> Collect(IAsyncEnumerable<(WatchEventType, V1ConfigMap)> stream, CancellationToken token)
    {
        var channel = Channel.CreateUnbounded<(WatchEventType, V1ConfigMap)>();
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var e in stream.WithCancellation(token))
                    {
                        await channel.Writer.WriteAsync(e, token);
                    }
                }
                catch (OperationCanceledException)
                {
                    // The test is over.
                }
                catch (HttpRequestException)
                {
                    // The test is over.
                }
                finally
                {
                    channel.Writer.TryComplete();
                }
            },
            token);
        return channel.Reader;
    }

    private static async Task<List<(WatchEventType Type, V1ConfigMap Object)>> Take(ChannelReader<(WatchEventType Type, V1ConfigMap Object)> reader, int count, CancellationToken token)
    {
        var list = new List<(WatchEventType, V1ConfigMap)>();
        while (list.Count < count)
        {
            list.Add(await reader.ReadAsync(token));
        }

        return list;
    }
}

/// <summary>A watch from a resourceVersion older than the kept history gets 410 Expired, as after etcd compaction.</summary>
public sealed class WatchExpiryTests : ApiTestBase
{
    protected override void Configure(JobSet.Kubernetes.Embedded.EmbeddedClusterOptions options) => options.WatchHistorySize = 5;

    [Test]
    public async Task An_expired_resource_version_is_410_Gone_on_the_watch()
    {
        var first = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("old")), Ns);
        for (var i = 0; i < 10; i++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("churn")), Ns);
        }

        Exception? error = null;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var _ in Client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, resourceVersion: first.Metadata.ResourceVersion, onError: e => error = e, cancellationToken: cts.Token))
        {
            Assert.Fail("no event is expected from an expired resourceVersion");
        }

        Assert.That(error, Is.InstanceOf<k8s.Autorest.HttpOperationException>().Or.InstanceOf<KubernetesException>());
        var status = (error as KubernetesException)?.Status;
        Assert.That((status?.Code, status?.Reason), Is.EqualTo(((int?)410, "Expired")));
    }

    [Test]
    public async Task A_recent_resource_version_still_resumes()
    {
        var last = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("recent")), Ns);
        var next = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("next")), Ns);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var (type, obj) in Client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, resourceVersion: last.Metadata.ResourceVersion, cancellationToken: cts.Token))
        {
            Assert.That((type, obj.Metadata.Name), Is.EqualTo((WatchEventType.Added, next.Metadata.Name)));
            break;
        }
    }
}
