using System.Diagnostics;
using System.Text.Json.Nodes;
using JobSet.Host.Cli;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Store;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace JobSet.Tests.Embedded.Hardening;

/// <summary>
/// The durable store (<c>--data-dir</c>): objects and resourceVersions survive a restart and a
/// <c>kill -9</c>; watches from before the restart get 410 Gone.
/// </summary>
public sealed class DurableStoreTests
{
    private string dir = "";

    [SetUp]
    public void MakeDirectory() => dir = Path.Combine(Path.GetTempPath(), "jobset-data-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task A_restart_keeps_jobsets_uids_and_resource_versions_and_old_watches_get_410()
    {
        string uid;
        long rvBefore;
        await using (var first = await Start())
        {
            using var client = new k8s.Kubernetes(first.ClientConfiguration());
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
            var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElementHolder>(JobSetBody("js"), "jobset.x-k8s.io", "v1alpha2", "default", "jobsets");
            uid = created.Metadata.Uid;
            await client.CoreV1.DeleteNamespacedConfigMapAsync("kept", "default");
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept" }, Data = new Dictionary<string, string> { ["a"] = "2" } }, "default");
            rvBefore = first.Store.CurrentResourceVersion;
        }

        await using var second = await Start();
        using var again = new k8s.Kubernetes(second.ClientConfiguration());
        var jobSet = await again.CustomObjects.GetNamespacedCustomObjectAsync<JsonElementHolder>("jobset.x-k8s.io", "v1alpha2", "default", "jobsets", "js");
        Assert.That(jobSet.Metadata.Uid, Is.EqualTo(uid));
        Assert.That((await again.CoreV1.ReadNamespacedConfigMapAsync("kept", "default")).Data["a"], Is.EqualTo("2"));
        Assert.That(second.Store.CurrentResourceVersion, Is.EqualTo(rvBefore), "the resourceVersion continues, deletes included");

        var next = await again.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after" } }, "default");
        Assert.That(long.Parse(next.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(rvBefore));
        Assert.That(
            () => second.Store.Watch(ResourceType.ConfigMaps, "default", new WatchOptions((rvBefore - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))),
            Throws.InstanceOf<StoreException>().With.Property(nameof(StoreException.Code)).EqualTo(410));
        Assert.That((await again.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name), Is.SupersetOf(EmbeddedCluster.SeedNamespaces), "seeds are not duplicated");
    }

    [Test]
    public void A_store_abandoned_without_closing_loses_no_acknowledged_write()
    {
        var store = new InMemoryClusterStore(new StoreOptions { DataDirectory = dir });
        EmbeddedCluster.Seed(store);
        for (var i = 0; i < 50; i++)
        {
            store.Create(ResourceType.ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = $"c{i}", ["namespace"] = "default" } });
        }

        store.Delete(ResourceType.ConfigMaps, "default", "c7");

        // No Close(): the process "dies" here; a second store opens the same files.
        var reopened = new InMemoryClusterStore(new StoreOptions { DataDirectory = dir });
        try
        {
            var names = reopened.List(ResourceType.ConfigMaps, "default").Select(o => ObjectMeta.Name(o)).ToHashSet();
            Assert.That(names, Has.Count.EqualTo(49));
            Assert.That(names, Does.Not.Contain("c7"));
            Assert.That(reopened.CurrentResourceVersion, Is.EqualTo(store.CurrentResourceVersion));
        }
        finally
        {
            reopened.Close();
            store.Close();
        }
    }

    [Test]
    public void A_data_dir_that_is_a_file_is_a_one_line_usage_error()
    {
        File.WriteAllText(dir, "not a directory");
        try
        {
            var result = TestSupport.CliRunner.Run("run", "--listen", "127.0.0.1:0", "--data-dir", dir);

            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.Error);
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
            Assert.That(result.Error, Does.StartWith("jobset run: cannot open the data directory"));
        }
        finally
        {
            File.Delete(dir);
        }
    }

    /// <summary>
    /// The real thing: <c>jobset run --data-dir</c> in a child process, a stream of creates, then
    /// SIGKILL mid-stream. After a restart every acknowledged create is there, and nothing that
    /// was never sent.
    /// </summary>
    [Test]
    public async Task Kill_9_during_a_stream_of_writes_loses_no_acknowledged_write()
    {
        var kubeconfig = Path.Combine(dir + "-kc", "kc.yaml");
        var acknowledged = new List<string>();
        var attempted = new List<string>();
        using (var child = StartChild(kubeconfig))
        {
            try
            {
                using var client = new k8s.Kubernetes(await WaitForKubeconfig(kubeconfig, child));
                var stopwatch = Stopwatch.StartNew();
                var writes = new List<Task>();
                using var killed = new CancellationTokenSource();
                for (var writer = 0; writer < 4; writer++)
                {
                    var id = writer;
                    writes.Add(Task.Run(async () =>
                    {
                        for (var i = 0; !killed.IsCancellationRequested; i++)
                        {
                            var name = $"w{id}-{i:D5}";
                            lock (attempted)
                            {
                                attempted.Add(name);
                            }

                            try
                            {
                                await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, "default");
                                lock (acknowledged)
                                {
                                    acknowledged.Add(name);
                                }
                            }
                            catch (Exception ex) when (ex is HttpRequestException or HttpOperationException or IOException or TaskCanceledException)
                            {
                                return;
                            }
                        }
                    }));
                }

                while (stopwatch.Elapsed < TimeSpan.FromSeconds(1.5) || acknowledged.Count < 50)
                {
                    Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "the child made no progress");
                    await Task.Delay(20);
                }

                child.Kill(); // SIGKILL on Unix: no shutdown code runs.
                await child.WaitForExitAsync();
                await killed.CancelAsync();
                await Task.WhenAll(writes);
            }
            finally
            {
                if (!child.HasExited)
                {
                    child.Kill();
                }
            }
        }

        var store = new InMemoryClusterStore(new StoreOptions { DataDirectory = dir });
        try
        {
            var stored = store.List(ResourceType.ConfigMaps, "default").Select(o => ObjectMeta.Name(o)!).ToHashSet();
            Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(50));
            Assert.That(stored, Is.SupersetOf(acknowledged), "every acknowledged write survives kill -9");
            Assert.That(attempted, Is.SupersetOf(stored), "nothing is there that was never sent");
            Assert.That(stored.Count - acknowledged.Count, Is.LessThanOrEqualTo(4), "at most the writes in flight at the kill");
        }
        finally
        {
            store.Close();
            Directory.Delete(dir + "-kc", recursive: true);
        }
    }

    private Task<EmbeddedCluster> Start() => EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
    {
        Listen = "127.0.0.1:0",
        SimulateWorkloads = false,
        DataDirectory = dir,
    });

    private Process StartChild(string kubeconfig)
    {
        var jobsetDll = typeof(CommandLineApp).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { jobsetDll, "run", "--data-dir", dir, "--listen", "127.0.0.1:0", "--kubeconfig-out", kubeconfig, "--simulate-workloads", "false", "--metrics-bind-address", "0", "--health-probe-bind-address", "0", "--live-view", "false" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<KubernetesClientConfiguration> WaitForKubeconfig(string path, Process child)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            Assert.That(child.HasExited, Is.False, "the child exited before serving");
            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "the child did not start");
            await Task.Delay(50);
        }

        await Task.Delay(100);
        return await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(new FileInfo(path));
    }

    private static JsonElementHolder JobSetBody(string name) => new()
    {
        ApiVersion = "jobset.x-k8s.io/v1alpha2",
        Kind = "JobSet",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = JsonNode.Parse("{\"replicatedJobs\":[{\"name\":\"w\",\"template\":{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}}]}"),
    };

    /// <summary>A minimal custom object for KubernetesClient's CustomObjects calls.</summary>
    public sealed class JsonElementHolder
    {
        [System.Text.Json.Serialization.JsonPropertyName("apiVersion")]
        public string? ApiVersion { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("kind")]
        public string? Kind { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("metadata")]
        public V1ObjectMeta Metadata { get; set; } = new();

        [System.Text.Json.Serialization.JsonPropertyName("spec")]
        public JsonNode? Spec { get; set; }
    }
}
