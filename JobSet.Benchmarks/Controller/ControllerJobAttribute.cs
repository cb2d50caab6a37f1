using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using JobSet.Benchmarks.Planning;

namespace JobSet.Benchmarks.Controller;

/// <summary>
/// The iteration shape of the controller suites, applied over whatever job the command line or
/// Program chose (a mutator: it adds no job): one operation is seconds long and needs a fresh
/// cluster, so one invocation per iteration (after <c>[IterationSetup]</c>), 1 warm-up, and 3
/// measured iterations (2 with <c>--quick</c>); always in process (the cluster under test lives
/// in the benchmark's process anyway), with a 60-minute limit instead of the in-process
/// toolchain's default, which a 15,000-Job case exceeds.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ControllerJobAttribute : Attribute, IConfigSource
{
    /// <inheritdoc />
    public IConfig Config { get; } = ManualConfig.CreateEmpty().AddJob(Job.Default
        .WithWarmupCount(1)
        .WithIterationCount(ControllerSizes.Quick ? 2 : 3)
        .WithInvocationCount(1)
        .WithUnrollFactor(1)
        .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(60), logOutput: true))
        .AsMutator());
}

/// <summary>The sizes of the controller suites, full and quick (<c>--quick</c>).</summary>
public static class ControllerSizes
{
    /// <summary>Whether this is a quick run.</summary>
    public static bool Quick => Environment.GetEnvironmentVariable(Scenario.QuickVariable) == "1";

    /// <summary>Suites 5 and 8: Jobs of one JobSet.</summary>
    public static IEnumerable<int> EndToEnd => Quick ? [500] : [1_500, 15_000];

    /// <summary>Suite 6: Jobs of one JobSet over HTTP.</summary>
    public static IEnumerable<int> OverHttp => Quick ? [200] : [1_000];

    /// <summary>Suite 7: JobSets of 4 Jobs.</summary>
    public static IEnumerable<int> JobSets => Quick ? [100] : [1_000];
}
