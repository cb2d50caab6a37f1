using System.Globalization;
using System.Text;

namespace JobSet.Benchmarks.Reporting;

/// <summary>
/// <c>--plot [RESULTS_DIR] [--docs DIR]</c>: turns the JSON export of a run
/// (default <c>BenchmarkDotNet.Artifacts/results</c>) into the figures table of
/// docs/performance.md (between its <c>figures:begin</c>/<c>figures:end</c> markers) and the
/// log-log plots <c>docs/performance-planner-*.png</c>.
/// </summary>
internal static class PerformanceReport
{
    public const string Begin = "<!-- figures:begin (written by: dotnet run -c Release --project JobSet.Benchmarks -- --plot) -->";
    public const string End = "<!-- figures:end -->";

    public static int Run(string[] args)
    {
        var results = "BenchmarkDotNet.Artifacts/results";
        var docs = "docs";
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--docs" && i + 1 < args.Length)
            {
                docs = args[++i];
            }
            else
            {
                results = args[i];
            }
        }

        if (!Directory.Exists(results))
        {
            Console.Error.WriteLine($"--plot: results directory {results} not found (run the benchmarks first)");
            return 2;
        }

        // The page is optional (its tables are printed when it is missing), but the plots need a directory.
        if (!Directory.Exists(docs))
        {
            Console.Error.WriteLine($"--plot: docs directory {docs} not found (--docs names an existing directory)");
            return 2;
        }

        var all = Measurement.ReadAll(results, out var machine);
        var measurements = all.Where(m => Goal.All.Any(g => g.Type == m.Type)).ToList();
        var recoveries = ClusterReport.ReadRecoveries(results);
        var figures = Controller.ControllerFigures.Read(Path.Combine(results, Controller.ControllerFigures.FileName));
        if (all.Count == 0 && recoveries.Count == 0 && figures.Count == 0)
        {
            Console.Error.WriteLine($"--plot: no BenchmarkDotNet JSON export (*-report*.json) in {results}");
            return 2;
        }

        var page = Path.Combine(docs, "performance.md");
        if (measurements.Count > 0)
        {
            Replace(page, Begin, End, Figures(measurements, machine));
            foreach (var file in PlannerPlot.Write(measurements, docs))
            {
                Console.WriteLine($"wrote {file}");
            }
        }

        if (figures.Count > 0 || all.Any(m => Goal.Controller.Any(g => g.Type == m.Type)))
        {
            Replace(page, ControllerReport.Begin, ControllerReport.End, ControllerReport.Figures(all, figures, machine));
        }

        if (recoveries.Count > 0 || all.Any(m => m.Type == nameof(Cluster.EmbeddedApiBenchmarks)))
        {
            Replace(page, ClusterReport.Begin, ClusterReport.End, ClusterReport.Figures(recoveries, all, machine));
            if (ClusterReport.Plot(recoveries, docs) is { } plot)
            {
                Console.WriteLine($"wrote {plot}");
            }
        }

        return 0;
    }

    /// <summary>Replaces the text between two markers of the page (or prints it when the page or markers are missing).</summary>
    private static void Replace(string page, string begin, string end, string table)
    {
        var text = File.Exists(page) ? File.ReadAllText(page) : "";
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        if (start >= 0 && stop > start)
        {
            File.WriteAllText(page, text[..(start + begin.Length)] + "\n" + table + text[stop..]);
            Console.WriteLine($"wrote the figures of {page} between {begin}");
        }
        else
        {
            Console.WriteLine(table);
        }
    }

    /// <summary>The markdown figures: ratios against goals, scaling, then absolute times.</summary>
    public static string Figures(IReadOnlyList<Measurement> all, string machine)
    {
        var sizes = all.Select(m => m.N).Distinct().Order().ToList();
        var md = new StringBuilder();
        md.AppendLine();
        md.AppendLine("Ratios to the baseline measured in the same run (median time over median time; allocated bytes over allocated bytes). Met is judged at the largest N.");
        md.AppendLine();
        md.Append("| Suite | Shape | Reconcile | Strategy | Figure |");
        sizes.ForEach(n => md.Append(CultureInfo.InvariantCulture, $" N={n:N0} |"));
        md.AppendLine(" Goal | Met |");
        md.Append("|---|---|---|---|---|");
        sizes.ForEach(_ => md.Append("---:|"));
        md.AppendLine("---|---|");

        foreach (var goal in Goal.All)
        {
            foreach (var variant in all.Where(m => m.Type == goal.Type && m.Method == goal.Method).GroupBy(m => m.Variant).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var shape = variant.First().Parameters.GetValueOrDefault("Shape", "");
                var strategy = variant.First().Parameters.GetValueOrDefault("Strategy", "");
                var ratios = sizes.Select(n => Ratio(all, goal, variant.Key, n)).ToList();
                Row(md, goal.Suite, shape, goal.Method, strategy, "time", ratios.Select(r => r?.Time), goal.TimeGoal);
                if (goal.BytesGoal is { } bytesGoal)
                {
                    Row(md, goal.Suite, shape, goal.Method, strategy, "allocated", ratios.Select(r => r?.Bytes), bytesGoal);
                }

                if (goal.Type == "SteadyStateBenchmarks")
                {
                    var bytes = sizes.Select(n => variant.FirstOrDefault(m => m.N == n)?.BytesPerOperation).ToList();
                    var growth = bytes[0] is > 0 && bytes[^1] is { } last ? (double)last / bytes[0]!.Value : (double?)null;
                    md.Append(CultureInfo.InvariantCulture, $"| {goal.Suite} | {shape} | {goal.Method} | {strategy} | allocated bytes |");
                    bytes.ForEach(b => md.Append(CultureInfo.InvariantCulture, $" {(b is null ? "" : Bytes(b.Value))} |"));
                    md.AppendLine(CultureInfo.InvariantCulture, $" flat in N (largest/smallest <= {Goal.SteadyGrowthGoal}) | {Met(growth, Goal.SteadyGrowthGoal)} |");
                }
            }
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Suite 4, scaling: median time at the largest N over the time at the previous N (x10 Jobs); goal <= {Goal.ScalingGoal} from 1,500 to 15,000 (linear is 10, quadratic 100).");
        md.AppendLine();
        md.AppendLine("| Benchmark | Shape | Strategy | Growth | Its baseline's growth | Growth over baseline's | Goal | Met |");
        md.AppendLine("|---|---|---|---:|---:|---:|---|---|");
        if (sizes.Count >= 2)
        {
            var (small, large) = (sizes[^2], sizes[^1]);
            foreach (var line in all.GroupBy(m => (m.Type, m.Method, m.Variant)).OrderBy(g => Order(g.Key.Type)).ThenBy(g => g.Key.Method, StringComparer.Ordinal).ThenBy(g => g.Key.Variant, StringComparer.Ordinal))
            {
                var a = line.FirstOrDefault(m => m.N == small);
                var b = line.FirstOrDefault(m => m.N == large);
                var growth = a is null || b is null ? (double?)null : b.MedianNs / a.MedianNs;
                var first = line.First();
                var isBaseline = Goal.All.Any(g => g.Type == first.Type && g.Baseline == first.Method);
                var baselineMethod = Goal.All.FirstOrDefault(g => g.Type == first.Type)?.Baseline;
                var baseA = all.FirstOrDefault(m => m.Type == first.Type && m.Method == baselineMethod && m.Variant == first.Variant && m.N == small);
                var baseB = all.FirstOrDefault(m => m.Type == first.Type && m.Method == baselineMethod && m.Variant == first.Variant && m.N == large);
                var baseGrowth = baseA is null || baseB is null ? (double?)null : baseB.MedianNs / baseA.MedianNs;
                var relative = isBaseline || growth is null || baseGrowth is null ? (double?)null : growth / baseGrowth;
                md.AppendLine(CultureInfo.InvariantCulture, $"| {Short(first.Type)}.{first.Method}{(isBaseline ? " (baseline)" : "")} | {first.Parameters.GetValueOrDefault("Shape", "")} | {first.Parameters.GetValueOrDefault("Strategy", "")} | {Number(growth)} ({small:N0} to {large:N0}) | {(isBaseline ? "" : Number(baseGrowth))} | {Number(relative)} | <= {Goal.ScalingGoal} | {(isBaseline ? "" : Met(growth, Goal.ScalingGoal))} |");
            }
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Absolute figures (median time per operation, allocated bytes per operation) on {machine}; they vary from run to run and machine to machine, the ratios much less.");
        md.AppendLine();
        md.Append("| Benchmark | Shape | Strategy |");
        sizes.ForEach(n => md.Append(CultureInfo.InvariantCulture, $" N={n:N0} |"));
        md.AppendLine();
        md.Append("|---|---|---|");
        sizes.ForEach(_ => md.Append("---:|"));
        md.AppendLine();
        foreach (var line in all.GroupBy(m => (m.Type, m.Method, m.Variant)).OrderBy(g => Order(g.Key.Type)).ThenBy(g => g.Key.Method, StringComparer.Ordinal).ThenBy(g => g.Key.Variant, StringComparer.Ordinal))
        {
            var first = line.First();
            md.Append(CultureInfo.InvariantCulture, $"| {Short(first.Type)}.{first.Method} | {first.Parameters.GetValueOrDefault("Shape", "")} | {first.Parameters.GetValueOrDefault("Strategy", "")} |");
            foreach (var n in sizes)
            {
                var m = line.FirstOrDefault(x => x.N == n);
                md.Append(m is null ? " |" : $" {Time(m.MedianNs)}, {Bytes(m.BytesPerOperation)} |");
            }

            md.AppendLine();
        }

        md.AppendLine();
        return md.ToString();
    }

    private static (double Time, double? Bytes)? Ratio(IReadOnlyList<Measurement> all, Goal goal, string variant, int n)
    {
        var measured = all.FirstOrDefault(m => m.Type == goal.Type && m.Method == goal.Method && m.Variant == variant && m.N == n);
        var baseline = all.FirstOrDefault(m => m.Type == goal.Type && m.Method == goal.Baseline && m.Variant == variant && m.N == n);
        if (measured is null || baseline is null)
        {
            return null;
        }

        return (measured.MedianNs / baseline.MedianNs, baseline.BytesPerOperation > 0 ? (double)measured.BytesPerOperation / baseline.BytesPerOperation : null);
    }

    private static void Row(StringBuilder md, string suite, string shape, string method, string strategy, string figure, IEnumerable<double?> values, double goal)
    {
        var list = values.ToList();
        md.Append(CultureInfo.InvariantCulture, $"| {suite} | {shape} | {method} | {strategy} | {figure} |");
        list.ForEach(v => md.Append(CultureInfo.InvariantCulture, $" {Number(v)} |"));
        md.AppendLine(CultureInfo.InvariantCulture, $" <= {goal} | {Met(list.LastOrDefault(v => v is not null), goal)} |");
    }

    private static int Order(string type) => type switch
    {
        "FreshPlanBenchmarks" => 1,
        "SteadyStateBenchmarks" => 2,
        "FailureRecoveryBenchmarks" => 3,
        _ => 9,
    };

    private static string Short(string type) => type.Replace("Benchmarks", "", StringComparison.Ordinal);

    private static string Met(double? value, double goal) => value is null ? "?" : value <= goal ? "yes" : "**no**";

    private static string Number(double? value) => value is null ? "" : value.Value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Time(double ns) => ns switch
    {
        >= 1e6 => (ns / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (ns / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " us",
        _ => ns.ToString("0", CultureInfo.InvariantCulture) + " ns",
    };

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 20 => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1 << 10 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
