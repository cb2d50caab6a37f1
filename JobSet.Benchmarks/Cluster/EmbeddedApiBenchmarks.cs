using System.Globalization;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using JobSet.Benchmarks.Planning;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Store;
using k8s;
using k8s.Models;

namespace JobSet.Benchmarks.Cluster;

/// <summary>
/// Suite 10: the embedded API with <see cref="Objects"/> ConfigMaps stored (20,000 in a full
/// run): get, list selected by label (one object), list all (pages of 500, as kubectl), create
/// (and delete) and watch latency (create to ADDED event). Each request is measured through
/// KubernetesClient over loopback HTTP (<c>Client*</c>) against its baseline, the same operation
/// called on the store in the same process (<c>Store*</c>: no HTTP, no serialization, no client),
/// so the ratio is what the API layer and the client add. The figures across sizes show whether
/// a request's cost follows its result (it should) or the kind's size.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "GlobalCleanup disposes them: BenchmarkDotNet's lifecycle.")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EmbeddedApiBenchmarks
{
    private const string Ns = "default";
    private EmbeddedCluster? cluster;
    private k8s.Kubernetes? client;
    private InMemoryClusterStore? store;
    private StoreWatch? storeWatch;
    private Channel<string>? clientAdded;
    private CancellationTokenSource? stopWatch;
    private Task? clientWatchLoop;
    private int next;

    /// <summary>ConfigMaps stored before measuring.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Objects { get; set; } = 20;

    /// <summary>2,000 and 20,000 (200 and 2,000 with <c>--quick</c>).</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable(Scenario.QuickVariable) == "1" ? [200, 2_000] : [2_000, 20_000];

    /// <summary>Starts a cluster (no simulation) and stores the ConfigMaps, each labelled with its own id and one of 100 groups.</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>What <see cref="Setup"/> does.</summary>
    public async Task SetupAsync()
    {
        cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false }).ConfigureAwait(false);
        store = cluster.Store;
        client = new k8s.Kubernetes(cluster.ClientConfiguration());
        for (var i = 0; i < Objects; i++)
        {
            store.Create(ResourceType.ConfigMaps, ConfigMap($"cm-{i:D6}", i));
        }

        storeWatch = store.Watch(ResourceType.ConfigMaps, Ns, new WatchOptions(store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture), "bench=watch"));
        clientAdded = Channel.CreateUnbounded<string>();
        stopWatch = new CancellationTokenSource();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        clientWatchLoop = Task.Run(async () =>
        {
            var events = client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, labelSelector: "bench=watch", resourceVersion: store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture), timeoutSeconds: 3600, cancellationToken: stopWatch.Token);
            ready.TrySetResult();
            try
            {
                await foreach (var (type, obj) in events.ConfigureAwait(false))
                {
                    if (type == WatchEventType.Added)
                    {
                        await clientAdded.Writer.WriteAsync(obj.Metadata.Name).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        });
        await ready.Task.ConfigureAwait(false);
    }

    /// <summary>Stops the watch and the cluster.</summary>
    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    /// <summary>What <see cref="Cleanup"/> does.</summary>
    public async Task CleanupAsync()
    {
        await stopWatch!.CancelAsync().ConfigureAwait(false);
        try
        {
            await clientWatchLoop!.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            // The stream ends with the cancellation.
        }

        storeWatch!.Dispose();
        stopWatch.Dispose();
        client!.Dispose();
        await cluster!.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Baseline: one object from the store.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Get")]
    public int StoreGet() => store!.Get(ResourceType.ConfigMaps, Ns, Name(Objects / 2)) is null ? 0 : 1;

    /// <summary>One object through KubernetesClient.</summary>
    [Benchmark]
    [BenchmarkCategory("Get")]
    public async Task<int> ClientGet() => (await client!.CoreV1.ReadNamespacedConfigMapAsync(Name(Objects / 2), Ns).ConfigureAwait(false)) is null ? 0 : 1;

    /// <summary>Baseline: the one object with a label value, from the store.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ListSelected")]
    public int StoreListSelected() => store!.List(ResourceType.ConfigMaps, Ns, $"id={Objects / 3}").Count;

    /// <summary>The one object with a label value, through KubernetesClient.</summary>
    [Benchmark]
    [BenchmarkCategory("ListSelected")]
    public async Task<int> ClientListSelected() => (await client!.CoreV1.ListNamespacedConfigMapAsync(Ns, labelSelector: $"id={Objects / 3}").ConfigureAwait(false)).Items.Count;

    /// <summary>Baseline: every object, in pages of 500, from the store.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ListAll")]
    public int StoreListAll()
    {
        var total = 0;
        string? token = null;
        do
        {
            var page = store!.List(ResourceType.ConfigMaps, Ns, new ListOptions(Limit: 500, Continue: token));
            total += page.Items.Count;
            token = page.Continue;
        }
        while (token is not null);
        return total;
    }

    /// <summary>Every object, in pages of 500, through KubernetesClient.</summary>
    [Benchmark]
    [BenchmarkCategory("ListAll")]
    public Task<int> ClientListAll() =>
        ApiLatency.CountPagedAsync(c => client!.CoreV1.ListNamespacedConfigMapAsync(Ns, limit: 500, continueParameter: c), p => (p.Items.Count, p.Metadata.ContinueProperty));

    /// <summary>Baseline: create one object in the store and delete it.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Create")]
    public int StoreCreate()
    {
        var name = $"new-{next++}";
        store!.Create(ResourceType.ConfigMaps, ConfigMap(name, -1));
        return store.Delete(ResourceType.ConfigMaps, Ns, name) is null ? 0 : 1;
    }

    /// <summary>Create one object through KubernetesClient and delete it.</summary>
    [Benchmark]
    [BenchmarkCategory("Create")]
    public async Task<int> ClientCreate()
    {
        var name = $"new-{next++}";
        await client!.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, Ns).ConfigureAwait(false);
        await client.CoreV1.DeleteNamespacedConfigMapAsync(name, Ns).ConfigureAwait(false);
        return 1;
    }

    /// <summary>Baseline: create an object a store watch selects and read its ADDED event (then delete it).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Watch")]
    public async Task<int> StoreWatchLatency()
    {
        var name = $"watched-{next++}";
        store!.Create(ResourceType.ConfigMaps, new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name, ["namespace"] = Ns, ["labels"] = new System.Text.Json.Nodes.JsonObject { ["bench"] = "watch" } },
        });
        while (true)
        {
            var e = await storeWatch!.Events.ReadAsync().ConfigureAwait(false);
            if (e.Type == WatchEvent.Added && ObjectMeta.Name(e.Object) == name)
            {
                break;
            }
        }

        store.Delete(ResourceType.ConfigMaps, Ns, name);
        return 1;
    }

    /// <summary>Create an object a KubernetesClient watch selects and wait for its ADDED event (then delete it).</summary>
    [Benchmark]
    [BenchmarkCategory("Watch")]
    public async Task<int> ClientWatchLatency()
    {
        var name = $"watched-{next++}";
        await client!.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["bench"] = "watch" } } }, Ns).ConfigureAwait(false);
        while (await clientAdded!.Reader.ReadAsync().ConfigureAwait(false) != name)
        {
            // An earlier event.
        }

        await client.CoreV1.DeleteNamespacedConfigMapAsync(name, Ns).ConfigureAwait(false);
        return 1;
    }

    private static string Name(int i) => $"cm-{i:D6}";

    private static System.Text.Json.Nodes.JsonObject ConfigMap(string name, int id) => new()
    {
        ["metadata"] = new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = name,
            ["namespace"] = Ns,
            ["labels"] = id < 0
                ? new System.Text.Json.Nodes.JsonObject { ["id"] = "new" }
                : new System.Text.Json.Nodes.JsonObject { ["id"] = id.ToString(CultureInfo.InvariantCulture), ["group"] = (id % 100).ToString(CultureInfo.InvariantCulture) },
        },
        ["data"] = new System.Text.Json.Nodes.JsonObject { ["key"] = "value" },
    };
}
