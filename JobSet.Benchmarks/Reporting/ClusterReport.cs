using System.Globalization;
using System.Text;
using System.Text.Json;
using JobSet.Benchmarks.Cluster;
using ScottPlot;

namespace JobSet.Benchmarks.Reporting;

/// <summary>
/// The cluster suites' part of <c>--plot</c>: suite 9 (recovery at scale, from the
/// <c>recovery-*.json</c> files the benchmark writes) and suite 10 (embedded API, from
/// BenchmarkDotNet's export) as markdown between the <c>cluster:begin</c>/<c>cluster:end</c>
/// markers of docs/performance.md, and the recovery timeline plot <c>docs/performance-recovery-timeline.png</c>.
/// </summary>
internal static class ClusterReport
{
    public const string Begin = "<!-- cluster:begin (written by: dotnet run -c Release --project JobSet.Benchmarks -- --plot) -->";
    public const string End = "<!-- cluster:end -->";

    /// <summary>Reads the recovery results of a results directory.</summary>
    public static List<RecoveryResult> ReadRecoveries(string directory) =>
        [.. Directory.GetFiles(directory, "recovery-*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<RecoveryResult>(File.ReadAllText(f), ClusterResults.Json)!)];

    /// <summary>The markdown of suites 9 and 10.</summary>
    public static string Figures(IReadOnlyList<RecoveryResult> recoveries, IReadOnlyList<Measurement> all, string machine)
    {
        var md = new StringBuilder();
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Suite 9, recovery at scale (machine: {machine}): seconds from the pod failure until every pod of the new attempt is Running, each run; pods/s = pods / seconds. Goal: at least upstream's {Goal.RecoveryPodsPerSecondGoal} pods/s.");
        md.AppendLine();
        md.AppendLine("| Jobs x pods | Runs | Seconds (each run) | Pods/s (median, min-max) | Goal | Met | Objects stored |");
        md.AppendLine("|---|---:|---|---|---|---|---:|");
        foreach (var shape in recoveries.GroupBy(r => (r.Jobs, r.PodsPerJob)).OrderByDescending(g => g.Key.PodsPerJob == 1).ThenBy(g => g.Key.Jobs))
        {
            var rates = shape.Select(r => r.PodsPerSecond).Order().ToList();
            var median = rates[rates.Count / 2];
            md.AppendLine(CultureInfo.InvariantCulture, $"| {shape.Key.Jobs:N0} x {shape.Key.PodsPerJob} | {rates.Count} | {string.Join(", ", shape.Select(r => r.Seconds.ToString("0.0", CultureInfo.InvariantCulture)))} | {median:N0} ({rates[0]:N0}-{rates[^1]:N0}) | >= {Goal.RecoveryPodsPerSecondGoal} | {(median >= Goal.RecoveryPodsPerSecondGoal ? "yes" : "**no**")} | {shape.Last().StoredObjects:N0} |");
        }

        if (recoveries.Count > 0)
        {
            var largest = recoveries.OrderByDescending(r => r.Jobs * r.PodsPerJob).ThenByDescending(r => r.PodsPerJob == 1).First();
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"API read latency after the recovery ({largest.Jobs:N0} x {largest.PodsPerJob}, {largest.StoredObjects:N0} objects stored), KubernetesClient over loopback HTTP:");
            md.AppendLine();
            md.AppendLine("| Request | Samples | Items | Median | p99 | Max |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var l in largest.Latency)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {l.Request} | {l.Samples} | {l.Items:N0} | {l.MedianMs:0.00} ms | {l.P99Ms:0.00} ms | {l.MaxMs:0.00} ms |");
            }
        }

        var api = all.Where(m => m.Type == nameof(EmbeddedApiBenchmarks)).ToList();
        var sizes = api.Select(m => int.Parse(m.Parameters["Objects"], CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        if (sizes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Suite 10, embedded API: median time per request through KubernetesClient over loopback HTTP against its baseline, the same operation on the store in-process (no HTTP, serialization or client). Growth is the time at {sizes[^1]:N0} objects over the time at {sizes[0]:N0}: a request whose cost follows its result stays near 1 (goal <= {Goal.FlatInKindSizeGoal}); listing everything grows with the result (x{(double)sizes[^1] / sizes[0]:0}).");
            md.AppendLine();
            md.Append("| Request |");
            sizes.ForEach(n => md.Append(CultureInfo.InvariantCulture, $" client, {n:N0} | store, {n:N0} | ratio, {n:N0} |"));
            md.AppendLine(" client growth | store growth | Goal | Met |");
            md.Append("|---|");
            sizes.ForEach(_ => md.Append("---:|---:|---:|"));
            md.AppendLine("---:|---:|---|---|");
            foreach (var request in new[] { "Get", "ListSelected", "Create", "Watch", "ListAll" })
            {
                Measurement? Find(string method, int n) => api.FirstOrDefault(m => m.Method == method && m.Parameters["Objects"] == n.ToString(CultureInfo.InvariantCulture));
                var clientMethod = request == "Watch" ? "ClientWatchLatency" : "Client" + request;
                var storeMethod = request == "Watch" ? "StoreWatchLatency" : "Store" + request;
                md.Append(CultureInfo.InvariantCulture, $"| {request} |");
                foreach (var n in sizes)
                {
                    var c = Find(clientMethod, n);
                    var s = Find(storeMethod, n);
                    md.Append(CultureInfo.InvariantCulture, $" {(c is null ? "" : PerformanceReport.Time(c.MedianNs))} | {(s is null ? "" : PerformanceReport.Time(s.MedianNs))} | {(c is null || s is null ? "" : (c.MedianNs / s.MedianNs).ToString("0.0", CultureInfo.InvariantCulture))} |");
                }

                double? Growth(string method) => Find(method, sizes[0]) is { } a && Find(method, sizes[^1]) is { } b ? b.MedianNs / a.MedianNs : null;
                var clientGrowth = Growth(clientMethod);
                var flat = request != "ListAll";
                md.AppendLine(CultureInfo.InvariantCulture, $" {clientGrowth:0.00} | {Growth(storeMethod):0.00} | {(flat ? $"<= {Goal.FlatInKindSizeGoal}" : "follows the result")} | {(flat ? clientGrowth is null ? "?" : clientGrowth <= Goal.FlatInKindSizeGoal ? "yes" : "**no**" : "")} |");
            }
        }

        md.AppendLine();
        return md.ToString();
    }

    /// <summary>Writes the recovery timeline plot: pods of the new attempt Running against seconds since the failure, one line per shape (its last run).</summary>
    public static string? Plot(IReadOnlyList<RecoveryResult> recoveries, string directory)
    {
        if (recoveries.Count == 0)
        {
            return null;
        }

        var plot = new Plot();
        plot.Title("Suite 9: recovery after one pod fails under RestartJobSet (simulated cluster, one node per pod)");
        plot.XLabel("seconds since the failure");
        plot.YLabel("pods of the new attempt Running");
        var palette = new ScottPlot.Palettes.Category10();
        var i = 0;
        foreach (var shape in recoveries.GroupBy(r => (r.Jobs, r.PodsPerJob)).OrderByDescending(g => g.Key.PodsPerJob == 1))
        {
            var run = shape.Last();
            var xs = new List<double> { 0 };
            var ys = new List<double> { 0 };
            var step = Math.Max(1, run.Timeline.Count / 500);
            for (var k = 0; k < run.Timeline.Count; k += step)
            {
                xs.Add(run.Timeline[k]);
                ys.Add(k + 1);
            }

            xs.Add(run.Timeline[^1]);
            ys.Add(run.Timeline.Count);
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.Color = palette.GetColor(i++);
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{run.Jobs:N0} Jobs x {run.PodsPerJob} pod(s): {run.Seconds:0.0} s, {run.PodsPerSecond:N0} pods/s");
        }

        var upstream = recoveries.Max(r => r.Jobs * r.PodsPerJob);
        var reference = plot.Add.Line(0, 0, upstream / (double)Goal.RecoveryPodsPerSecondGoal, upstream);
        reference.Color = Colors.Gray;
        reference.LinePattern = LinePattern.Dashed;
        reference.LegendText = string.Create(CultureInfo.InvariantCulture, $"upstream's {Goal.RecoveryPodsPerSecondGoal} pods/s (real cluster, exclusive placement)");
        plot.ShowLegend(Alignment.LowerRight);
        var file = Path.Combine(directory, "performance-recovery-timeline.png");
        plot.SavePng(file, 1000, 600);
        return file;
    }
}
