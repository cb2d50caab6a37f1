using System.Globalization;
using System.Text.Json;

namespace JobSet.Benchmarks.Controller;

/// <summary>
/// Figures of the controller suites that are not a time per operation (requests per minimum,
/// reconciles per second, CPU per reconcile, cache bytes per Job, process memory): each
/// measured iteration appends one line of JSON to <see cref="File"/>, which <c>--plot</c> reads
/// next to BenchmarkDotNet's export. The path travels in an environment variable so that
/// BenchmarkDotNet's child processes write to the same file.
/// </summary>
public static class ControllerFigures
{
    /// <summary>The variable holding the file's absolute path (set by Program).</summary>
    public const string Variable = "JOBSET_BENCH_FIGURES";

    /// <summary>The variable holding the run's identity (its start time, set by Program): a report takes each suite's latest run.</summary>
    public const string RunVariable = "JOBSET_BENCH_RUN";

    /// <summary>The file's name in the results directory.</summary>
    public const string FileName = "controller-figures.jsonl";

    private static readonly Lock Gate = new();

    /// <summary>Where figures go; null: nowhere (tests).</summary>
    public static string? File => Environment.GetEnvironmentVariable(Variable);

    /// <summary>The figures recorded by this process (tests read them).</summary>
    public static List<Figure> Recorded { get; } = [];

    /// <summary>Records one figure of one iteration.</summary>
    public static void Record(string suite, string name, int n, double value, string unit)
    {
        var figure = new Figure(suite, name, n, value, unit) { Run = Environment.GetEnvironmentVariable(RunVariable) ?? "" };
        lock (Gate)
        {
            Recorded.Add(figure);
            if (File is { } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                System.IO.File.AppendAllText(path, JsonSerializer.Serialize(figure) + "\n");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// figure {suite} {name} N={n}: {value:0.###} {unit}"));
    }

    /// <summary>Reads a figures file (missing: none), keeping each suite's figures of its latest run only.</summary>
    public static List<Figure> Read(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            return [];
        }

        var all = System.IO.File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Figure>(l)!).ToList();
        var latest = all.GroupBy(f => f.Suite).ToDictionary(g => g.Key, g => g.Select(f => f.Run).Max(StringComparer.Ordinal)!);
        return [.. all.Where(f => f.Run == latest[f.Suite])];
    }
}

/// <summary>One figure of one iteration.</summary>
/// <param name="Suite">The suite's number and name.</param>
/// <param name="Name">What was measured.</param>
/// <param name="N">Child Jobs in total.</param>
/// <param name="Value">The value.</param>
/// <param name="Unit">Its unit.</param>
public sealed record Figure(string Suite, string Name, int N, double Value, string Unit)
{
    /// <summary>The run it belongs to (its start time, sortable).</summary>
    public string Run { get; init; } = "";
}
