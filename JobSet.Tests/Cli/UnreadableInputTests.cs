using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Cli;

/// <summary>The contract shared by the verbs that read a JobSet: unreadable input is exit 2 with one line.</summary>
public class UnreadableInputTests
{
    [TestCaseSource(typeof(CliInputs), nameof(CliInputs.UnreadableForEveryJobSetVerb))]
    public void Unreadable_input_is_exit_2_with_one_line(string verb, string input, string expected)
    {
        var result = CliRunner.RunWithInput(input, verb, "-f", "-");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Out, Is.Empty);
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
            Assert.That(result.Error, Does.Contain(expected));
            Assert.That(result.Error, Does.StartWith($"jobset {verb}: "));
        });
    }
}
