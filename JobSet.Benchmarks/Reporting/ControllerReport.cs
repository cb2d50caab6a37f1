using System.Globalization;
using System.Text;
using JobSet.Benchmarks.Controller;

namespace JobSet.Benchmarks.Reporting;

/// <summary>
/// The controller suites' part of the figures (suites 5-8): time ratios from BenchmarkDotNet's
/// export (median over median, with each side's fastest and slowest iteration), then the
/// figures the suites record per iteration (<see cref="ControllerFigures"/>: median, range, count).
/// </summary>
internal static class ControllerReport
{
    public const string Begin = "<!-- controller:begin (written by: dotnet run -c Release --project JobSet.Benchmarks -- --plot) -->";
    public const string End = "<!-- controller:end -->";

    public static string Figures(IReadOnlyList<Measurement> all, IReadOnlyList<Figure> figures, string machine)
    {
        var md = new StringBuilder();
        md.AppendLine("Time ratios: the controller's median time over its baseline's in the same run; in brackets the ratio of the fastest iterations and of the slowest, which shows how much the shared machine moved the figure.");
        md.AppendLine();
        md.AppendLine("| Suite | N | Controller | Baseline | Ratio (fastest, slowest) | Goal | Met |");
        md.AppendLine("|---|---:|---:|---:|---|---|---|");
        foreach (var goal in Goal.Controller)
        {
            foreach (var measured in all.Where(m => m.Type == goal.Type && m.Method == goal.Method).OrderBy(m => m.N))
            {
                var baseline = all.FirstOrDefault(m => m.Type == goal.Type && m.Method == goal.Baseline && m.N == measured.N);
                if (baseline is null)
                {
                    continue;
                }

                var ratio = measured.MedianNs / baseline.MedianNs;
                var spread = baseline.MinNs > 0 && baseline.MaxNs > 0
                    ? string.Create(CultureInfo.InvariantCulture, $" ({measured.MinNs / baseline.MinNs:0.00}, {measured.MaxNs / baseline.MaxNs:0.00})")
                    : "";
                md.AppendLine(CultureInfo.InvariantCulture, $"| {goal.Suite} | {measured.N:N0} | {Seconds(measured)} | {Seconds(baseline)} | {ratio:0.00}{spread} | <= {goal.TimeGoal} | {(ratio <= goal.TimeGoal ? "yes" : "**no**")} |");
            }
        }

        md.AppendLine();
        md.AppendLine("Figures recorded by every run of a body (BenchmarkDotNet's first, jitting, run and the warm-up included): the median, in brackets the lowest and highest, and how many runs.");
        md.AppendLine();
        md.AppendLine("| Suite | Figure | N (Jobs) | Median (lowest-highest, runs) | Goal | Met |");
        md.AppendLine("|---|---|---:|---|---|---|");
        foreach (var group in figures.GroupBy(f => (f.Suite, f.Name, f.N)).OrderBy(g => g.Key.Suite, StringComparer.Ordinal).ThenBy(g => g.Key.Name, StringComparer.Ordinal).ThenBy(g => g.Key.N))
        {
            var values = group.Select(f => f.Value).Order().ToList();
            var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
            var unit = group.First().Unit;
            var goal = Goal.ControllerFigures.GetValueOrDefault((group.Key.Suite, group.Key.Name));
            var met = goal is { } g ? median <= g ? "yes" : "**no**" : "";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Suite} | {group.Key.Name} | {group.Key.N:N0} | {Value(median, unit)} ({Value(values[0], unit)}-{Value(values[^1], unit)}, {values.Count}) | {(goal is null ? "" : "<= " + Value(goal.Value, unit))} | {met} |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured on {machine}; absolute times and rates vary from run to run and machine to machine.");
        md.AppendLine();
        return md.ToString();
    }

    private static string Seconds(Measurement m) =>
        string.Create(CultureInfo.InvariantCulture, $"{m.MedianNs / 1e9:0.00} s");

    private static string Value(double value, string unit) => unit switch
    {
        "ratio" or "" => value.ToString("0.00", CultureInfo.InvariantCulture),
        "B" => value.ToString("N0", CultureInfo.InvariantCulture) + " B",
        _ => value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + unit,
    };
}
