using BenchmarkDotNet.Running;

namespace JobSet.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (e.g. <c>--filter *Planner* --job short</c>).</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
