using JobSet.Host.Cli;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Cli;

/// <summary>The parts of the command line every verb shares: help, version, option syntax and its usage errors.</summary>
public class CommandLineParsingTests
{
    [Test]
    public void Version_prints_the_package_version()
    {
        var result = CliRunner.Run("--version");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.Out, Does.Match(@"^jobset \d+\.\d+\.\d+\S*\n$"));
            Assert.That(result.Out.TrimEnd(), Is.EqualTo("jobset " + VersionText.Current));
        });
    }

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("help")]
    public void Help_lists_every_verb(string flag)
    {
        var result = CliRunner.Run(flag);

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Out, Does.Contain("  plan ").And.Contain("  admit-pod ").And.Contain("jobset --version"));
    }

    [Test]
    public void Verb_help_lists_its_options()
    {
        var result = CliRunner.Run("plan", "--help");

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Out, Does.Contain("-o, --output yaml|json|summary").And.Contain("(required)"));
    }

    [TestCase(new[] { "default", "-f" }, "jobset default: option '-f' needs a value (FILE)")]
    [TestCase(new[] { "default", "-f", "-", "-f", "-" }, "jobset default: option '--filename' given more than once")]
    [TestCase(new[] { "default", "-f", "-", "stray" }, "jobset default: unexpected argument 'stray'")]
    [TestCase(new[] { "default", "-f", "-", "--version" }, "jobset default: unknown option '--version' (see 'jobset default --help')")]
    [TestCase(new[] { "plan", "-f", "-", "-o", "table" }, "jobset plan: unknown output format 'table' (use yaml, json or summary)")]
    public void Usage_errors_are_exit_2_with_one_line(string[] args, string expected)
    {
        var result = CliRunner.RunWithInput(CliInputs.Minimal, args);

        Assert.That((result.ExitCode, result.ErrorLines), Is.EqualTo((2, new[] { expected })).Using<(int, IReadOnlyList<string>)>((a, b) => a.Item1 == b.Item1 && a.Item2.SequenceEqual(b.Item2)));
    }

    [Test]
    public void An_unknown_verb_lists_the_verbs()
    {
        var result = CliRunner.Run("bogus");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.ErrorLines, Is.EqualTo(new[] { $"jobset: unknown verb 'bogus' (verbs: {string.Join(", ", CommandLineApp.Verbs.Select(v => v.Name))})" }));
    }

    [Test]
    public void Equals_sign_and_at_sign_are_taken_literally()
    {
        var result = CliRunner.RunWithInput(CliInputs.Minimal, "default", "--filename=-", "-o=json");
        var response = CliRunner.Run("default", "-f", "@no-such-file.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Out, Does.StartWith("{"));
            Assert.That(response.ErrorLines, Is.EqualTo(new[] { "jobset default: file not found: @no-such-file.yaml" }));
        });
    }

    [Test]
    public void A_flag_given_bare_means_true()
    {
        // --virtual-clock bare is true, so the first problem reached is the bad address after it.
        var bare = CliRunner.Run("run", "--virtual-clock", "--simulate-workloads", "--listen", "nonsense");
        var bad = CliRunner.Run("run", "--virtual-clock", "nonsense");

        Assert.Multiple(() =>
        {
            Assert.That(bare.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(bare.ErrorLines, Is.EqualTo(new[] { "jobset run: invalid listen address 'nonsense': expected HOST:PORT, e.g. 127.0.0.1:6443" }));
            Assert.That(bad.ErrorLines, Is.EqualTo(new[] { "jobset run: --virtual-clock must be true or false, not 'nonsense'" }));
        });
    }
}
