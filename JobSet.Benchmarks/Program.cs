using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using JobSet.Benchmarks.Controller;
using JobSet.Benchmarks.Cluster;
using JobSet.Benchmarks.Planning;
using JobSet.Benchmarks.Reporting;
using Perfolizer.Horology;

namespace JobSet.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line with BenchmarkDotNet's switches
/// (<c>--filter '*'</c>, <c>--job short</c>, ...), plus two of its own:
/// <c>--quick</c> (N = 150 and 1,500, few in-process iterations: minutes, for a first look) and
/// <c>--plot [RESULTS_DIR]</c> (reads the JSON export of a run, writes the plots under docs/
/// and the figures table of docs/performance.md).
/// </summary>
internal static class Program
{
    /// <summary>BenchmarkDotNet switches that shape the job: with any of them, the command line's job replaces ours.</summary>
    private static readonly HashSet<string> JobSwitches = new(StringComparer.OrdinalIgnoreCase)
    {
        "--job", "-j", "--inProcess", "-i", "--runtimes", "-r", "--launchCount", "--warmupCount", "--minWarmupCount", "--maxWarmupCount",
        "--iterationCount", "--minIterationCount", "--maxIterationCount", "--iterationTime", "--invocationCount", "--unrollFactor",
        "--runOncePerIteration", "--strategy", "--platform",
    };

    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--plot")
        {
            return PerformanceReport.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "--once")
        {
            return RunOnce.Execute(args[1..]);
        }

        var quick = args.Contains("--quick");

        // The controller suites' figures beyond time (inherited by BenchmarkDotNet's child processes).
        Environment.SetEnvironmentVariable(ControllerFigures.Variable, Path.GetFullPath(Path.Combine("BenchmarkDotNet.Artifacts", "results", ControllerFigures.FileName)));
        Environment.SetEnvironmentVariable(ControllerFigures.RunVariable, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        args = [.. args.Where(a => a != "--quick")];
        // A loaded 2-core machine can take more than BenchmarkDotNet's 2 minutes to build its boilerplate project.
        var config = ManualConfig.Create(DefaultConfig.Instance).AddExporter(JsonExporter.Brief).WithBuildTimeout(TimeSpan.FromMinutes(15));
        if (quick)
        {
            // Read by Scenario.Sizes, here and in any child process BenchmarkDotNet starts.
            Environment.SetEnvironmentVariable(Scenario.QuickVariable, "1");
            // Minutes, not tens of them: in process (no project to build), 1 warm-up and 3
            // iterations of at least 25 ms (a 30 us case still averages hundreds of calls; a
            // 100 ms case makes one call per iteration), and no overhead stage (an empty call's
            // cost is noise next to a reconcile). The pilot stays: it finds the calls per
            // iteration in a few short steps, and a fixed count cannot suit 30 us and 300 ms cases.
            config.AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithIterationTime(TimeInterval.FromMilliseconds(25))
                .WithEvaluateOverhead(false)
                .WithId("Quick"));
            if (!args.Contains("--filter") && !args.Contains("-f"))
            {
                args = [.. args, "--filter", "*"];
            }
        }
        else if (!args.Any(a => JobSwitches.Contains(a)))
        {
            // Fewer iterations than BenchmarkDotNet's default: the full run stays near 15 minutes on 2 cores.
            config.AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("Planner"));
        }

        // Suite 9 builds a cluster of thousands of nodes per iteration: one recovery per iteration,
        // no pilot or warm-up (Monitoring), in process; every other suite runs with the job above.
        var scale = typeof(FailureRecoveryAtScaleBenchmarks);
        var others = typeof(Program).Assembly.GetTypes().Where(t => t != scale && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false))).ToArray();
        var scaleConfig = ManualConfig.Create(DefaultConfig.Instance).AddExporter(JsonExporter.Brief).AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(2), logOutput: true))
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(0)
            .WithIterationCount(int.TryParse(Environment.GetEnvironmentVariable("JOBSET_BENCH_RECOVERY_RUNS"), out var runs) && runs > 0 ? runs : quick ? 1 : 3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("Recovery"));
        var summaries = BenchmarkSwitcher.FromTypes(others).Run(args, config)
            .Concat(BenchmarkSwitcher.FromTypes([scale]).Run(args, scaleConfig))
            .ToList();
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
