using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace JobSet.Benchmarks.Controller;

/// <summary>
/// <c>--once TYPE.METHOD N [REPEATS]</c>: runs one benchmark body outside BenchmarkDotNet (its
/// setups and cleanups around it), printing the time and the result, for profiling with
/// dotnet-trace or dotnet-counters and for a first look at one case.
/// </summary>
public static class RunOnce
{
    /// <summary>Runs <c>Type.Method</c> at N, <paramref name="repeats"/> times, and returns each result.</summary>
    public static List<object?> Run(Type type, string method, int n, int repeats = 1, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        var body = type.GetMethod(method) ?? throw new ArgumentException($"{type.Name} has no method {method}", nameof(method));
        var instance = Activator.CreateInstance(type)!;
        type.GetProperty("N")?.SetValue(instance, n);
        // Suite 9 is sized by its shape: N single-pod Jobs, or the first shape JOBSET_BENCH_RECOVERY_SHAPES names.
        type.GetProperty("Shape")?.SetValue(instance, Environment.GetEnvironmentVariable("JOBSET_BENCH_RECOVERY_SHAPES") is { Length: > 0 } shapes
            ? shapes.Split(',', StringSplitOptions.TrimEntries)[0]
            : string.Create(CultureInfo.InvariantCulture, $"{n}x1"));
        Invoke(instance, type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is { } a && Applies(a, method)));
        var results = new List<object?>();
        try
        {
            for (var i = 0; i < repeats; i++)
            {
                Invoke(instance, type.GetMethods().Where(m => m.GetCustomAttribute<IterationSetupAttribute>() is { } a && Applies(a, method)));
                var allocated = GC.GetTotalAllocatedBytes(precise: false);
                var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                var paused = GC.GetTotalPauseDuration();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                var result = body.Invoke(instance, null);
                if (result is Task task)
                {
                    task.GetAwaiter().GetResult();
                    result = task.GetType().GetProperty("Result")?.GetValue(task);
                }

                log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{type.Name}.{method} N={n}: {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms: {result}; allocated {(GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1048576.0:F0} MiB, GCs {GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3}, GC pauses {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s"));
                results.Add(result);
                Invoke(instance, type.GetMethods().Where(m => m.GetCustomAttribute<IterationCleanupAttribute>() is { } a && Applies(a, method)));
            }
        }
        finally
        {
            Invoke(instance, type.GetMethods().Where(m => m.GetCustomAttribute<GlobalCleanupAttribute>() is { } a && Applies(a, method)));
        }

        return results;
    }

    /// <summary>The command-line form: <c>TYPE.METHOD N [REPEATS]</c>.</summary>
    public static int Execute(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 2 || args[0].Split('.') is not [var typeName, var method] || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var n))
        {
            Console.Error.WriteLine("usage: --once TYPE.METHOD N [REPEATS]   e.g. --once EndToEndBenchmarks.Controller 15000 3");
            return 2;
        }

        var type = typeof(RunOnce).Assembly.GetTypes().FirstOrDefault(t => t.Name == typeName);
        if (type is null)
        {
            Console.Error.WriteLine($"--once: no benchmark class {typeName}");
            return 2;
        }

        var repeats = args.Length > 2 && int.TryParse(args[2], CultureInfo.InvariantCulture, out var r) ? r : 1;
        Run(type, method, n, repeats, Console.Out);
        return 0;
    }

    private static bool Applies(TargetedAttribute attribute, string method) =>
        attribute.Targets is not { Length: > 0 } targets || targets.Contains(method);

    private static void Invoke(object instance, IEnumerable<MethodInfo> methods)
    {
        foreach (var m in methods)
        {
            if (m.Invoke(instance, null) is Task task)
            {
                task.GetAwaiter().GetResult();
            }
        }
    }
}
