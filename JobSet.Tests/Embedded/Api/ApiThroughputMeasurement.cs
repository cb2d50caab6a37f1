using System.Diagnostics;
using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>
/// Loopback figures for docs/embedded-cluster.md: creates and lists per second from one
/// KubernetesClient, and watch latency (create call start to event received). Run by hand:
/// <c>dotnet test JobSet.Tests -c Release --filter "FullyQualifiedName~ApiThroughputMeasurement"</c>.
/// </summary>
[Explicit("measurement, run by hand")]
[Category("Measurement")]
public sealed class ApiThroughputMeasurement : ApiTestBase
{
    private const int Creates = 2_000;

    [Test]
    public async Task Create_list_and_watch_latency()
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < Creates; i++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"m-{i:D5}"), Ns);
        }

        var createRate = Creates / stopwatch.Elapsed.TotalSeconds;

        stopwatch.Restart();
        const int smallLists = 500;
        for (var i = 0; i < smallLists; i++)
        {
            var page = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, limit: 100);
            Assert.That(page.Items, Has.Count.EqualTo(100));
        }

        var smallListRate = smallLists / stopwatch.Elapsed.TotalSeconds;

        stopwatch.Restart();
        const int fullLists = 20;
        for (var i = 0; i < fullLists; i++)
        {
            var all = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns);
            Assert.That(all.Items, Has.Count.EqualTo(Creates));
        }

        var fullListRate = fullLists / stopwatch.Elapsed.TotalSeconds;

        var latencies = await WatchLatencies(200);
        latencies.Sort();
        await TestContext.Out.WriteLineAsync(
            $"creates/s: {createRate:F0}; lists/s (limit=100): {smallListRate:F0}; lists/s (all {Creates}): {fullListRate:F1}; " +
            $"watch latency ms: median {latencies[latencies.Count / 2]:F2}, p99 {latencies[(int)(latencies.Count * 0.99)]:F2}, max {latencies[^1]:F2}");
    }

    private async Task<List<double>> WatchLatencies(int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var received = Channel.CreateUnbounded<(string Name, long Ticks)>();
        var start = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, limit: 1);
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var (type, cm) in Client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, resourceVersion: start.Metadata.ResourceVersion, cancellationToken: cts.Token))
                    {
                        if (type == WatchEventType.Added)
                        {
                            await received.Writer.WriteAsync((cm.Metadata.Name, Stopwatch.GetTimestamp()), cts.Token);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // Measurement over.
                }
            },
            cts.Token);

        var latencies = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var name = $"lat-{i:D4}";
            var before = Stopwatch.GetTimestamp();
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);
            var (seen, at) = await received.Reader.ReadAsync(cts.Token);
            Assert.That(seen, Is.EqualTo(name));
            latencies.Add(Stopwatch.GetElapsedTime(before, at).TotalMilliseconds);
        }

        await cts.CancelAsync();
        return latencies;
    }
}
