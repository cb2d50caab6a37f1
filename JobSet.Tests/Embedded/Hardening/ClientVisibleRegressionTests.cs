using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using JobSet.Host.Cli;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Store;
using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Hardening;

/// <summary>
/// Issue 9 regressions checked only through what a client sees (a raw socket, the store with its
/// default options, the <c>jobset run</c> command line), so the same tests also run against the code
/// before the hardening and fail there: the slow 5 MB body (item 11), the byte-bounded watch history
/// (item 10) and <c>--data-dir</c> across a restart (durable store).
/// </summary>
public sealed class ClientVisibleRegressionTests
{
    // Item 11: a too-large body was answered 413 before it was read, so a client still sending got
    // "broken pipe" instead of the Status. Sent with pauses, as over a slow or busy link: a client
    // that sends faster fills the socket buffers before the server closes and never sees the reset.
    [Test]
    public async Task A_5_MB_body_sent_in_pieces_is_read_to_the_end_and_answered_413()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false });
        var body = Encoding.UTF8.GetBytes($"{{\"metadata\":{{\"name\":\"big\"}},\"data\":{{\"k\":\"{new string('x', 5 * 1024 * 1024)}\"}}}}");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(cluster.BaseAddress.Host, cluster.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: {cluster.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        const int piece = 64 * 1024;
        for (var offset = 0; offset < body.Length; offset += piece)
        {
            try
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(piece, body.Length - offset)));
            }
            catch (IOException e)
            {
                Assert.Fail($"the server stopped reading at {offset} of {body.Length} bytes: {e.Message}");
            }

            if (offset % (4 * piece) == 0)
            {
                await Task.Delay(100);
            }
        }

        var answer = await ReadResponse(stream);
        Assert.That(answer, Does.StartWith("HTTP/1.1 413"));
        Assert.That(answer, Does.Contain("\"kind\":\"Status\"").And.Contain("\"code\":413"));
        using var client = new k8s.Kubernetes(cluster.ClientConfiguration());
        Assert.That((await client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Select(c => c.Metadata.Name), Does.Not.Contain("big"));
    }

    // Item 10: with the default options the history kept a full copy of up to 10,000 versions,
    // however large; it is now bounded by bytes too, and a version older than what is kept is 410.
    [Test]
    public void With_default_options_large_versions_leave_the_history_and_an_old_watch_is_410()
    {
        var store = new InMemoryClusterStore(new StoreOptions());
        EmbeddedCluster.Seed(store);
        store.Create(ResourceType.ConfigMaps, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "big", ["namespace"] = "default" },
            ["data"] = new JsonObject { ["payload"] = new string('p', 512 * 1024) },
        });
        var first = store.CurrentResourceVersion;

        // 100 versions of about 1 MB each (both states of each event): far beyond any sane byte bound, far below the count bound.
        for (var i = 0; i < 100; i++)
        {
            store.Patch(ResourceType.ConfigMaps, "default", "big", PatchKind.Merge, new JsonObject { ["data"] = new JsonObject { ["n"] = i.ToString(CultureInfo.InvariantCulture) } }, status: false, WriteOptions.Default);
        }

        Assert.That(
            () => store.Watch(ResourceType.ConfigMaps, "default", new WatchOptions(first.ToString(CultureInfo.InvariantCulture))).Dispose(),
            Throws.InstanceOf<StoreException>().With.Property(nameof(StoreException.Code)).EqualTo(410));
        using var recent = store.Watch(ResourceType.ConfigMaps, "default", new WatchOptions((store.CurrentResourceVersion - 1).ToString(CultureInfo.InvariantCulture)));
        Assert.That(recent.Events.TryRead(out var e), Is.True, "the newest versions are kept");
        Assert.That(e!.Object["data"]?["n"]?.GetValue<string>(), Is.EqualTo("99"));
    }

    // Durable store: `jobset run --data-dir d` keeps JobSets across a restart, as a user sees it.
    [Test]
    public async Task Run_with_a_data_dir_keeps_a_jobset_across_a_restart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "jobset-restart-" + Guid.NewGuid().ToString("N")[..8]);
        var kubeconfig = dir + "-kc.yaml";
        try
        {
            string uid;
            await using (var first = await RunAsync(dir, kubeconfig))
            {
                using var client = new k8s.Kubernetes(await first.Config());
                var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(JobSet("kept"), "jobset.x-k8s.io", "v1alpha2", "default", "jobsets");
                uid = created["metadata"]!["uid"]!.GetValue<string>();
            }

            File.Delete(kubeconfig);
            await using var second = await RunAsync(dir, kubeconfig);
            using var again = new k8s.Kubernetes(await second.Config());
            var read = await again.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("jobset.x-k8s.io", "v1alpha2", "default", "jobsets", "kept");
            Assert.That(read["metadata"]!["uid"]!.GetValue<string>(), Is.EqualTo(uid));
        }
        finally
        {
            File.Delete(kubeconfig);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static JsonObject JobSet(string name) => new()
    {
        ["apiVersion"] = "jobset.x-k8s.io/v1alpha2",
        ["kind"] = "JobSet",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = JsonNode.Parse("{\"replicatedJobs\":[{\"name\":\"w\",\"template\":{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}}]}"),
    };

    private static async Task<RunningCli> RunAsync(string dir, string kubeconfig)
    {
        var cancel = new CancellationTokenSource();
        var error = new StringWriter();
        var run = CommandLineApp.RunAsync(["run", "--data-dir", dir, "--listen", "127.0.0.1:0", "--kubeconfig-out", kubeconfig, "--simulate-workloads", "false", "--metrics-bind-address", "0", "--health-probe-bind-address", "0", "--live-view", "false"], TextReader.Null, TextWriter.Null, TextWriter.Synchronized(error), cancel.Token);
        var stopwatch = Stopwatch.StartNew();
        while (!File.Exists(kubeconfig) || new FileInfo(kubeconfig).Length == 0)
        {
            if (run.IsCompleted)
            {
                var code = await run;
                cancel.Dispose();
                Assert.Fail($"jobset run exited {code}: {error}");
            }

            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "jobset run did not start");
            await Task.Delay(20);
        }

        return new RunningCli(run, cancel, kubeconfig, error);
    }

    private static async Task<string> ReadResponse(NetworkStream stream)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var all = text.ToString();
            var end = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var length = all.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase);
            var complete = length >= 0
                ? all.Length - end - 4 >= int.Parse(all[(length + 16)..all.IndexOf('\r', length)], CultureInfo.InvariantCulture)
                : all.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
            if (complete)
            {
                break;
            }
        }

        return text.ToString();
    }

    private sealed class RunningCli(Task<int> run, CancellationTokenSource cancel, string kubeconfig, StringWriter error) : IAsyncDisposable
    {
        public Task<KubernetesClientConfiguration> Config() => KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(new FileInfo(kubeconfig));

        public async ValueTask DisposeAsync()
        {
            await cancel.CancelAsync();
            var code = await run;
            cancel.Dispose();
            Assert.That(code, Is.EqualTo(ExitCodes.Success), error.ToString());
        }
    }
}
