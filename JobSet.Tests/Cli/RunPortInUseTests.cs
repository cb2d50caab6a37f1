using JobSet.Host.Cli;
using JobSet.Kubernetes.Embedded;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Cli;

/// <summary>
/// docs/command-line.md: a usage error is one clear line on stderr, never a stack trace. The
/// logger of `jobset run` writes to the process's stderr, so this test captures that too.
/// </summary>
public sealed class RunPortInUseTests
{
    [Test]
    public async Task A_port_in_use_writes_one_line_and_no_stack_trace_to_stderr()
    {
        await using var first = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false });
        var listen = $"127.0.0.1:{first.BaseAddress.Port}";
        var processError = new StringWriter();
        var original = Console.Error;
        Console.SetError(processError);
        CliResult result;
        try
        {
            result = CliRunner.Run("run", "--listen", listen, "--simulate-workloads", "false");
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
        Assert.That(processError.ToString(), Does.Not.Contain("Exception").And.Not.Contain("   at "));
    }
}
