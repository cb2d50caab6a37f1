using JobSet.Benchmarks.Planning;

namespace JobSet.Tests.Benchmarks;

/// <summary>`--plot` refuses a missing directory with one line and exit code 2, never a stack trace.</summary>
[NonParallelizable]
public class PlotArgumentsTests
{
    private static (int Code, string Error) Plot(params string[] args)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            var code = (int)typeof(Scenario).Assembly.EntryPoint!.Invoke(null, [new[] { "--plot" }.Concat(args).ToArray()])!;
            return (code, error.ToString().Trim());
        }
        finally
        {
            Console.SetError(original);
        }
    }

    [Test]
    public void A_missing_results_directory_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));

        Assert.That(Plot(missing), Is.EqualTo((2, $"--plot: results directory {missing} not found (run the benchmarks first)")));
    }

    [Test]
    public void A_missing_docs_directory_is_named()
    {
        var results = Directory.CreateTempSubdirectory().FullName;
        var missing = Path.Combine(results, "no-such-docs");
        try
        {
            Assert.That(Plot(results, "--docs", missing), Is.EqualTo((2, $"--plot: docs directory {missing} not found (--docs names an existing directory)")));
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }
}
