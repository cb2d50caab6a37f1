using JobSet.Host.Cli;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Cli;

/// <summary>
/// docs/command-line.md: `validate` prints `valid` also with `-o json`, and, as for every verb,
/// an unknown option value is a usage error (exit 2, one line).
/// </summary>
public sealed class ValidateOutputOptionTests
{
    [TestCase("yaml")]
    [TestCase("json")]
    public void Valid_prints_valid_in_either_format(string format)
    {
        var result = CliRunner.Run("validate", "-f", ExampleFiles.PathOf("simple.yaml"), "-o", format);

        Assert.That((result.ExitCode, result.Out), Is.EqualTo((ExitCodes.Success, "valid\n")));
    }

    [Test]
    public void Unknown_output_format_is_a_usage_error()
    {
        var result = CliRunner.Run("validate", "-f", ExampleFiles.PathOf("simple.yaml"), "-o", "xml");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.ErrorLines, Is.EqualTo(new[] { "jobset validate: unknown output format 'xml' (use yaml or json)" }));
    }
}
