using System.Diagnostics;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Store;
using JobSet.Tests.Embedded.Api;
using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Hardening;

/// <summary>
/// Figures for docs/embedded-cluster.md (issue 9 item 10 and the durable store): 5,000 merge
/// patches that each add one key to one ConfigMap (time and managed memory per 1,000), and
/// create throughput with and without <c>--data-dir</c>. Run by hand:
/// <c>dotnet test JobSet.Tests --filter "FullyQualifiedName~WriteCostMeasurement"</c>.
/// </summary>
[Explicit("measurement, run by hand")]
[Category("Measurement")]
public sealed class WriteCostMeasurement
{
    [Test]
    public async Task Growing_one_config_map_by_merge_patches()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false });
        using var client = new k8s.Kubernetes(cluster.ClientConfiguration());
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "grow" } }, "default");
        var stopwatch = Stopwatch.StartNew();
        for (var i = 1; i <= 5_000; i++)
        {
            var patch = new V1Patch($"{{\"data\":{{\"key-{i:D5}\":\"value-{i:D5}-{new string('x', 40)}\"}}}}", V1Patch.PatchType.MergePatch);
            await client.CoreV1.PatchNamespacedConfigMapAsync(patch, "grow", "default");
            if (i % 1_000 == 0)
            {
                var memory = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);
                await TestContext.Out.WriteLineAsync($"patches {i - 999}-{i}: {stopwatch.Elapsed.TotalSeconds:F2} s; managed heap after: {memory:F0} MB; working set {Environment.WorkingSet / (1024 * 1024)} MB");
                stopwatch.Restart();
            }
        }
    }

    [Test]
    public async Task Patching_a_fixed_size_config_map_stays_flat()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false });
        using var client = new k8s.Kubernetes(cluster.ClientConfiguration());
        var data = Enumerable.Range(1, 1_000).ToDictionary(i => $"key-{i:D5}", i => $"value-{i:D5}-{new string('x', 40)}");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "fixed" }, Data = data }, "default");
        var stopwatch = Stopwatch.StartNew();
        for (var i = 1; i <= 5_000; i++)
        {
            var patch = new V1Patch($"{{\"data\":{{\"key-{(i % 1_000) + 1:D5}\":\"changed-{i:D5}-{new string('x', 40)}\"}}}}", V1Patch.PatchType.MergePatch);
            await client.CoreV1.PatchNamespacedConfigMapAsync(patch, "fixed", "default");
            if (i % 1_000 == 0)
            {
                await TestContext.Out.WriteLineAsync($"1,000-key ConfigMap, patches {i - 999}-{i}: {stopwatch.Elapsed.TotalSeconds:F2} s");
                stopwatch.Restart();
            }
        }
    }

    /// <summary>The store alone (no HTTP, no client): the per-patch cost against the object's size, and flat in the number of patches.</summary>
    [Test]
    public void Store_patch_cost_by_object_size()
    {
        foreach (var keys in new[] { 10, 1_000, 5_000 })
        {
            var store = TestStores.WithDefaultNamespace();
            var data = new System.Text.Json.Nodes.JsonObject();
            for (var i = 1; i <= keys; i++)
            {
                data[$"key-{i:D5}"] = $"value-{i:D5}-{new string('x', 40)}";
            }

            store.Create(ResourceType.ConfigMaps, new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "fixed", ["namespace"] = "default" }, ["data"] = data });
            var perThousand = new List<string>();
            var stopwatch = Stopwatch.StartNew();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var gen2 = GC.CollectionCount(2);
            for (var i = 1; i <= 5_000; i++)
            {
                var patch = System.Text.Json.Nodes.JsonNode.Parse($"{{\"data\":{{\"key-{(i % keys) + 1:D5}\":\"changed-{i:D5}\"}}}}")!;
                store.Patch(ResourceType.ConfigMaps, "default", "fixed", PatchKind.Merge, patch, status: false, WriteOptions.Default);
                if (i % 1_000 == 0)
                {
                    // Allocated bytes per patch do not depend on the machine's load: the stable measure of work per write.
                    var now = GC.GetAllocatedBytesForCurrentThread();
                    perThousand.Add($"{stopwatch.Elapsed.TotalMilliseconds:F0} ms / {(now - allocated) / 1_000 / 1024.0:F0} KB per patch / {GC.CollectionCount(2) - gen2} gen2 GCs");
                    allocated = now;
                    gen2 = GC.CollectionCount(2);
                    stopwatch.Restart();
                }
            }

            TestContext.Out.WriteLine($"{keys:N0} keys (~{keys * 58 / 1024.0:F0} KB), per 1,000 patches: {string.Join("; ", perThousand)}");
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Create_throughput(bool durable)
    {
        var dir = Path.Combine(Path.GetTempPath(), "jobset-measure-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false, DataDirectory = durable ? dir : null });
            using var client = new k8s.Kubernetes(cluster.ClientConfiguration());
            const int creates = 2_000;
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < creates; i++)
            {
                await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"m-{i:D5}" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, "default");
            }

            var sequential = creates / stopwatch.Elapsed.TotalSeconds;
            stopwatch.Restart();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < creates / 8; i++)
                {
                    await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"p{w}-{i:D5}" } }, "default");
                }
            })));
            var parallel = creates / stopwatch.Elapsed.TotalSeconds;
            await TestContext.Out.WriteLineAsync($"{(durable ? "durable (SQLite, WAL, synchronous=FULL)" : "in memory")}: {sequential:F0} creates/s from one client, {parallel:F0} creates/s from 8 concurrent writers");
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
