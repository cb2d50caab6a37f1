using System.Diagnostics;
using System.Text.Json.Nodes;
using JobSet.Host.Cli;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Http;
using JobSet.Kubernetes.Embedded.Store;
using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Hardening;

/// <summary>Issue 9 items 9-12: shutdown with open watches, the bounded watch history, and the security flags of <c>jobset run</c>.</summary>
public sealed class ShutdownHistoryAndRunTests
{
    // Item 9: shutdown with open watches took 30 s and reset the watchers.
    [Test]
    public async Task Stopping_ends_open_watches_cleanly_and_promptly()
    {
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false });
        using var http = new HttpClient { BaseAddress = cluster.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var watches = new List<Task<string>>();
        for (var i = 0; i < 3; i++)
        {
            var response = await http.GetAsync(new Uri("/api/v1/namespaces/default/configmaps?watch=true", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            watches.Add(ReadToEnd(response));
        }

        var stopwatch = Stopwatch.StartNew();
        await cluster.DisposeAsync();
        stopwatch.Stop();

        // Each stream ends with the chunked terminator: reading it to the end does not throw.
        foreach (var watch in watches)
        {
            Assert.That(await watch, Is.Not.Null);
        }

        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "shutdown must not wait for the watches' timeouts (30 s before)");
    }

    // Item 10: history kept a full copy per version without a byte bound.
    [Test]
    public void The_watch_history_is_bounded_by_bytes_and_older_versions_get_410()
    {
        var store = new InMemoryClusterStore(new StoreOptions { WatchHistoryBytes = 1024 * 1024 });
        EmbeddedCluster.Seed(store);
        store.Create(ResourceType.ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "grow", ["namespace"] = "default" } });
        var first = store.CurrentResourceVersion;
        for (var i = 0; i < 500; i++)
        {
            store.Patch(ResourceType.ConfigMaps, "default", "grow", PatchKind.Merge, new JsonObject { ["data"] = new JsonObject { [$"key-{i:D4}"] = new string('v', 100) } }, status: false, WriteOptions.Default);
        }

        var (count, bytes) = store.HistorySize;
        Assert.That(bytes, Is.LessThanOrEqualTo(1024 * 1024));
        Assert.That(count, Is.LessThan(500), "the oldest events were dropped");
        Assert.That(
            () => store.Watch(ResourceType.ConfigMaps, "default", new WatchOptions(first.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            Throws.InstanceOf<StoreException>().With.Property(nameof(StoreException.Code)).EqualTo(410));
        using var recent = store.Watch(ResourceType.ConfigMaps, "default", new WatchOptions((store.CurrentResourceVersion - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(recent.Events.TryRead(out var e), Is.True);
        Assert.That(e!.Object["data"]!.AsObject(), Has.Count.EqualTo(500));
    }

    // Item 11: --listen [::ffff:127.0.0.1]:PORT gave "internal error: SocketException".
    [Test]
    public async Task An_ipv4_mapped_loopback_listen_address_is_served()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "[::ffff:127.0.0.1]:0", SimulateWorkloads = false });
        using var client = new k8s.Kubernetes(cluster.ClientConfiguration());

        Assert.That((await client.CoreV1.ListNamespaceAsync()).Items, Is.Not.Empty);
    }

    [Test]
    public void An_ipv4_mapped_address_beyond_loopback_is_refused()
    {
        var result = TestSupport.CliRunner.Run("run", "--listen", "[::ffff:10.1.2.3]:0");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.Error);
        Assert.That(result.Error, Does.Contain("only loopback addresses are allowed"));
    }

    // Item 11: the kubeconfig holding a token was written 0644.
    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_kubeconfig_is_written_0600_even_over_an_existing_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "jobset-kc-" + Guid.NewGuid().ToString("N")[..8] + ".yaml");
        await File.WriteAllTextAsync(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false, BearerToken = "secret-token", KubeconfigPath = path });

            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(await File.ReadAllTextAsync(path), Does.Contain("secret-token"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Item 12: token and TLS were library options only.
    [Test]
    public async Task Run_with_token_file_and_tls_serves_https_with_the_token_and_says_where_objects_are_kept()
    {
        var dir = Path.Combine(Path.GetTempPath(), "jobset-sec-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var tokenFile = Path.Combine(dir, "token");
        await File.WriteAllTextAsync(tokenFile, "s3cret-token\n");
        var kubeconfig = Path.Combine(dir, "kc.yaml");
        using var cancel = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var run = CommandLineApp.RunAsync(["run", "--listen", "127.0.0.1:0", "--kubeconfig-out", kubeconfig, "--simulate-workloads", "false", "--token-file", tokenFile, "--tls", "true", "--metrics-bind-address", "0", "--health-probe-bind-address", "0", "--live-view", "false"], TextReader.Null, TextWriter.Synchronized(output), TextWriter.Synchronized(error), cancel.Token);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            while (!File.Exists(kubeconfig) || new FileInfo(kubeconfig).Length == 0)
            {
                Assert.That(run.IsCompleted, Is.False, error.ToString());
                Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
                await Task.Delay(20);
            }

            var config = await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(new FileInfo(kubeconfig));
            Assert.That(config.Host, Does.StartWith("https://"));
            Assert.That(config.AccessToken, Is.EqualTo("s3cret-token"));
            using var client = new k8s.Kubernetes(config);
            Assert.That((await client.CoreV1.ListNamespaceAsync()).Items, Is.Not.Empty);

            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
            using var anonymous = new HttpClient(handler) { BaseAddress = new Uri(config.Host) };
            using var refused = await anonymous.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
            Assert.That((int)refused.StatusCode, Is.EqualTo(401));
        }
        finally
        {
            await cancel.CancelAsync();
            var code = await run;
            Directory.Delete(dir, recursive: true);
            Assert.That(code, Is.EqualTo(ExitCodes.Success), error.ToString());
            Assert.That(output.ToString(), Does.Contain("embedded cluster listening on https://127.0.0.1:").And.Contain("storage: in memory only"));
        }
    }

    [TestCase("--allow-non-loopback", "true", "WARNING: --allow-non-loopback")]
    public async Task Allowing_non_loopback_warns_loudly(string flag, string value, string expected)
    {
        using var cancel = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var run = CommandLineApp.RunAsync(["run", "--listen", "127.0.0.1:0", "--simulate-workloads", "false", "--metrics-bind-address", "0", "--health-probe-bind-address", "0", "--live-view", "false", flag, value], TextReader.Null, TextWriter.Synchronized(output), TextWriter.Synchronized(error), cancel.Token);
        var stopwatch = Stopwatch.StartNew();
        while (!output.ToString().Contains("storage:", StringComparison.Ordinal) && !run.IsCompleted && stopwatch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        await cancel.CancelAsync();
        Assert.That(await run, Is.EqualTo(ExitCodes.Success), error.ToString());
        Assert.That(error.ToString(), Does.Contain(expected).And.Contain("no --token-file given"));
    }

    [TestCase("--tls-cert", "/nonexistent/cert.pem", "--tls-cert and --tls-key go together")]
    [TestCase("--token-file", "/nonexistent/token", "file not found: /nonexistent/token")]
    [TestCase("--tls", "maybe", "--tls")]
    public void Bad_security_flags_are_one_line_usage_errors(string flag, string value, string expected)
    {
        var result = TestSupport.CliRunner.Run("run", "--listen", "127.0.0.1:0", flag, value);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.Error);
        Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
        Assert.That(result.Error, Does.Contain(expected));
    }

    [Test]
    public void Loopback_host_names_are_recognised()
    {
        Assert.That(new[] { "localhost", "LOCALHOST", "a.localhost", "127.0.0.1", "127.1.2.3", "[::1]", "::ffff:127.0.0.1" }.All(RequestGuard.IsLoopbackHost), Is.True);
        Assert.That(new[] { "evil.example", "localhost.evil", "10.0.0.1", "[::2]", "0.0.0.0" }.Any(RequestGuard.IsLoopbackHost), Is.False);
    }

    private static async Task<string> ReadToEnd(HttpResponseMessage response)
    {
        using (response)
        {
            return await response.Content.ReadAsStringAsync();
        }
    }
}
