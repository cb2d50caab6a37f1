using System.Text.Json;

namespace JobSet.Benchmarks.Reporting;

/// <summary>One benchmark case of a BenchmarkDotNet JSON export (brief or full).</summary>
/// <param name="Type">The benchmark class, e.g. <c>FreshPlanBenchmarks</c>.</param>
/// <param name="Method">The benchmark method.</param>
/// <param name="Parameters">The parameters, e.g. Shape, N, Strategy.</param>
/// <param name="MedianNs">The median time of one operation in nanoseconds.</param>
/// <param name="BytesPerOperation">Allocated bytes per operation (MemoryDiagnoser).</param>
internal sealed record Measurement(string Type, string Method, IReadOnlyDictionary<string, string> Parameters, double MedianNs, long BytesPerOperation)
{
    /// <summary>The fastest iteration in nanoseconds (0 when the export lacks it).</summary>
    public double MinNs { get; init; }

    /// <summary>The slowest iteration in nanoseconds (0 when the export lacks it).</summary>
    public double MaxNs { get; init; }

    /// <summary>Total child Jobs.</summary>
    public int N => int.Parse(Parameters["N"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The parameters other than N, as text: identifies one line of the plot.</summary>
    public string Variant => string.Join(", ", Parameters.Where(p => p.Key != "N").Select(p => p.Value));

    /// <summary>Reads every <c>*-report*.json</c> under <paramref name="directory"/>; a later file wins for the same case.</summary>
    public static List<Measurement> ReadAll(string directory, out string machine)
    {
        var byKey = new Dictionary<string, Measurement>(StringComparer.Ordinal);
        machine = "";
        foreach (var file in Directory.GetFiles(directory, "*-report*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var root = document.RootElement;
            if (root.TryGetProperty("HostEnvironmentInfo", out var host))
            {
                machine = $"{Text(host, "ProcessorName")}, {Text(host, "LogicalCoreCount")} logical cores, {Text(host, "OsVersion")}, {Text(host, "RuntimeVersion")}";
            }

            foreach (var benchmark in root.GetProperty("Benchmarks").EnumerateArray())
            {
                if (!benchmark.TryGetProperty("Statistics", out var statistics) || statistics.ValueKind != JsonValueKind.Object)
                {
                    continue; // a case that failed has no statistics
                }

                var parameters = (Text(benchmark, "Parameters") ?? "")
                    .Split('&', StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => p.Split('=', 2))
                    .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
                var bytes = benchmark.TryGetProperty("Memory", out var memory) && memory.TryGetProperty("BytesAllocatedPerOperation", out var b) ? b.GetInt64() : 0;
                var measurement = new Measurement(
                    Text(benchmark, "Type") ?? "",
                    Text(benchmark, "Method") ?? "",
                    parameters,
                    statistics.GetProperty("Median").GetDouble(),
                    bytes)
                {
                    MinNs = statistics.TryGetProperty("Min", out var min) ? min.GetDouble() : 0,
                    MaxNs = statistics.TryGetProperty("Max", out var max) ? max.GetDouble() : 0,
                };
                byKey[$"{measurement.Type}.{measurement.Method}({Text(benchmark, "Parameters")})"] = measurement;
            }
        }

        return [.. byKey.Values];
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;
}
