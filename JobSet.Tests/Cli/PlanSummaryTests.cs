using JobSet.Host.Cli;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Cli;

/// <summary><c>jobset plan -o summary</c> and the hint pointing to it.</summary>
public class PlanSummaryTests
{
    private static readonly string[] Plan = ["plan", "-f", "-", "--now", "2026-01-01T00:00:00Z"];

    [Test]
    public void Summary_is_a_table_of_actions_then_status_changes()
    {
        var result = CliRunner.RunWithInput(CliInputs.Minimal, [.. Plan, "-o", "summary"]);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Out.Split('\n'), Is.EqualTo(new[]
        {
            "default/demo: 4 actions",
            "ACTION        KIND     NAME            WHY",
            "Create        Service  demo            headless Service for the pods' DNS names",
            "Create        Job      demo-workers-0  ReplicatedJob workers index 0, restart attempt 0",
            "Create        Job      demo-workers-1  ReplicatedJob workers index 1, restart attempt 0",
            "UpdateStatus  JobSet   demo            status changed",
            "",
            "status changes:",
            "  restarts: (none) -> 0",
            "  replicatedJob workers: ready 0, succeeded 0, failed 0, active 0, suspended 0",
            "",
        }));
    }

    [Test]
    public void Summary_shows_events_and_a_skip()
    {
        var managed = CliInputs.Minimal.Replace("spec:\n  replicatedJobs:", "spec:\n  managedBy: kueue.x-k8s.io/multikueue\n  replicatedJobs:", StringComparison.Ordinal);

        var result = CliRunner.RunWithInput(managed, [.. Plan, "-o", "summary"]);

        Assert.That(managed, Does.Contain("managedBy"));
        Assert.That(result.Out, Is.EqualTo("default/demo: skipped (ManagedByExternalController), nothing to do\n"));
    }

    [Test]
    public void Yaml_on_a_terminal_prints_a_hint_on_stderr_and_the_same_document()
    {
        using var input = new StringReader(CliInputs.Minimal);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = CommandLineApp.RunAsync(Plan, input, output, error, CancellationToken.None, stdoutIsTerminal: true).GetAwaiter().GetResult();
        var piped = CliRunner.RunWithInput(CliInputs.Minimal, Plan);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(error.ToString().TrimEnd(), Is.EqualTo("jobset plan: hint: '-o summary' prints this plan as a short table"));
            Assert.That(output.ToString(), Is.EqualTo(piped.Out));
            Assert.That(piped.Error, Is.Empty);
        });
    }
}
