using System.Diagnostics;
using System.Globalization;
using JobSet.Core.Api;
using k8s;

namespace JobSet.Benchmarks.Cluster;

/// <summary>Latency of one kind of API request: median, 99th percentile and max over the samples, in milliseconds.</summary>
/// <param name="Request">What was asked, e.g. <c>get pod</c>.</param>
/// <param name="Samples">How many requests were timed.</param>
/// <param name="MedianMs">The median.</param>
/// <param name="P99Ms">The 99th percentile.</param>
/// <param name="MaxMs">The slowest.</param>
/// <param name="Items">Objects in each answer (the last one).</param>
public sealed record ApiLatency(string Request, int Samples, double MedianMs, double P99Ms, double MaxMs, int Items)
{
    /// <summary>Times <paramref name="samples"/> calls of <paramref name="request"/>, each returning its item count.</summary>
    public static async Task<ApiLatency> MeasureAsync(string name, int samples, Func<int, Task<int>> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var times = new List<double>(samples);
        var items = 0;
        for (var i = 0; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            items = await request(i).ConfigureAwait(false);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return new ApiLatency(name, samples, times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)], times[^1], items);
    }

    /// <summary>
    /// The read latencies of suite 9's cluster through KubernetesClient over loopback HTTP: get a
    /// pod, list one Job's pods by label, one node's pods by field, and every pod and node (paged 500 as kubectl does).
    /// </summary>
    public static async Task<IReadOnlyList<ApiLatency>> OfPodsAsync(IKubernetes client, int pods, int jobs, int samples, int fullSamples)
    {
        ArgumentNullException.ThrowIfNull(client);
        var pod = (await client.CoreV1.ListNamespacedPodAsync("default", limit: 1).ConfigureAwait(false)).Items[0];
        return
        [
            await MeasureAsync("get one pod", samples, async _ =>
            {
                await client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default").ConfigureAwait(false);
                return 1;
            }).ConfigureAwait(false),
            await MeasureAsync("list one Job's pods (label selector)", samples, async i =>
                (await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: $"{WellKnownKeys.JobIndex}={i % jobs}").ConfigureAwait(false)).Items.Count).ConfigureAwait(false),
            await MeasureAsync("list one node's pods (field selector spec.nodeName)", samples, async _ =>
                (await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName={pod.Spec.NodeName}").ConfigureAwait(false)).Items.Count).ConfigureAwait(false),
            await MeasureAsync(string.Create(CultureInfo.InvariantCulture, $"list all {pods:N0} pods (pages of 500)"), fullSamples, async _ => await CountPagedAsync(c => client.CoreV1.ListNamespacedPodAsync("default", limit: 500, continueParameter: c), p => (p.Items.Count, p.Metadata.ContinueProperty)).ConfigureAwait(false)).ConfigureAwait(false),
            await MeasureAsync(string.Create(CultureInfo.InvariantCulture, $"list all {pods:N0} nodes (pages of 500)"), fullSamples, async _ => await CountPagedAsync(c => client.CoreV1.ListNodeAsync(limit: 500, continueParameter: c), p => (p.Items.Count, p.Metadata.ContinueProperty)).ConfigureAwait(false)).ConfigureAwait(false),
        ];
    }

    /// <summary>Follows continue tokens to the end; returns the item count.</summary>
    public static async Task<int> CountPagedAsync<T>(Func<string?, Task<T>> page, Func<T, (int Count, string? Continue)> read)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(read);
        var total = 0;
        string? token = null;
        do
        {
            var (count, next) = read(await page(token).ConfigureAwait(false));
            total += count;
            token = string.IsNullOrEmpty(next) ? null : next;
        }
        while (token is not null);
        return total;
    }
}
