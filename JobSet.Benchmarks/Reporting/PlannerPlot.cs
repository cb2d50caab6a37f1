using System.Globalization;
using ScottPlot;

namespace JobSet.Benchmarks.Reporting;

/// <summary>
/// Log-log plots of median time against N for the planner suites, one PNG per shape: every
/// reconcile and its baseline, so that a line parallel to its baseline is linear and a line
/// twice as steep is quadratic.
/// </summary>
internal static class PlannerPlot
{
    public static IEnumerable<string> Write(IReadOnlyList<Measurement> all, string directory)
    {
        var planner = all.Where(m => Goal.All.Any(g => g.Type == m.Type)).ToList();
        foreach (var shape in planner.Select(m => m.Parameters.GetValueOrDefault("Shape", "")).Distinct().Order(StringComparer.Ordinal))
        {
            var plot = new Plot();
            plot.Title($"JobSet planner, {shape} shape: median time per reconcile against N (log-log)");
            plot.XLabel("N (child Jobs)");
            plot.YLabel("median time (ms)");
            var sizes = planner.Select(m => m.N).Distinct().Order().ToArray();
            var times = new List<double>();
            var lines = planner
                .Where(m => m.Parameters.GetValueOrDefault("Shape") == shape)
                .Where(m => m.Type != "FailureRecoveryBenchmarks" || m.Method != "BuildJobsByHand") // the same as suite 1's baseline
                .GroupBy(m => (m.Type, m.Method, Strategy: m.Parameters.GetValueOrDefault("Strategy", "")));
            var palette = new ScottPlot.Palettes.Category10();
            var i = 0;
            foreach (var line in lines.OrderBy(l => l.Key.Type, StringComparer.Ordinal).ThenBy(l => l.Key.Method, StringComparer.Ordinal).ThenBy(l => l.Key.Strategy, StringComparer.Ordinal))
            {
                var points = line.OrderBy(m => m.N).ToList();
                var scatter = plot.Add.Scatter(
                    points.Select(m => Math.Log10(m.N)).ToArray(),
                    points.Select(m => Math.Log10(m.MedianNs / 1e6)).ToArray());
                var isBaseline = Goal.All.Any(g => g.Baseline == line.Key.Method);
                scatter.Color = palette.GetColor(i++);
                scatter.LineWidth = 2;
                scatter.MarkerSize = 7;
                scatter.LinePattern = isBaseline ? LinePattern.Dashed : line.Key.Strategy == "BlockingRecreate" ? LinePattern.Dotted : LinePattern.Solid;
                var suite = Goal.All.FirstOrDefault(g => g.Type == line.Key.Type)?.Suite ?? line.Key.Type;
                scatter.LegendText = $"{suite}: {line.Key.Method}{(line.Key.Strategy.Length > 0 ? $" ({line.Key.Strategy})" : "")}{(isBaseline ? " [baseline]" : "")}";
                times.AddRange(points.Select(m => m.MedianNs / 1e6));
            }

            plot.Axes.Bottom.SetTicks(
                [.. sizes.Select(n => Math.Log10(n))],
                [.. sizes.Select(n => n.ToString("N0", CultureInfo.InvariantCulture))]);
            var decades = Enumerable.Range((int)Math.Floor(Math.Log10(times.Min())), (int)Math.Ceiling(Math.Log10(times.Max())) - (int)Math.Floor(Math.Log10(times.Min())) + 1).ToArray();
            plot.Axes.Left.SetTicks(
                [.. decades.Select(d => (double)d)],
                [.. decades.Select(d => Math.Pow(10, d).ToString(d < 0 ? "0.###" : "N0", CultureInfo.InvariantCulture))]);
            plot.Axes.SetLimits(Math.Log10(sizes[0]) - 0.1, Math.Log10(sizes[^1]) + 0.1, decades[0] - 0.1, decades[^1] + 0.1);
            plot.ShowLegend(Alignment.UpperLeft);
            var file = Path.Combine(directory, $"performance-planner-{shape.ToLowerInvariant()}.png");
            plot.SavePng(file, 1000, 650);
            yield return file;
        }
    }
}
