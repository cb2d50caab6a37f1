using JobSet.Host.Cli;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Cli;

/// <summary>
/// docs/command-line.md promises one clear line for a usage error: a bad --listen value is
/// reported in the user's terms, without .NET's "(Parameter '...')" suffix.
/// </summary>
public sealed class RunUsageLineTests
{
    [TestCase("0.0.0.0:6443", "jobset run: refusing to listen on 0.0.0.0:6443: only loopback addresses are allowed (the embedded cluster has no real authentication)")]
    [TestCase("nonsense", "jobset run: invalid listen address 'nonsense': expected HOST:PORT, e.g. 127.0.0.1:6443")]
    public void Bad_listen_address_is_one_plain_line(string listen, string line)
    {
        var result = CliRunner.Run("run", "--listen", listen, "--simulate-workloads", "false");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.ErrorLines, Is.EqualTo(new[] { line }));
    }

    [Test]
    public void Plain_api_server_with_a_kubeconfig_is_a_usage_error()
    {
        var result = CliRunner.Run("run", "--plain-api-server", "--kubeconfig", "/nonexistent/kubeconfig");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.ErrorLines, Is.EqualTo(new[] { "jobset run: --plain-api-server starts an embedded cluster; it cannot be combined with --kubeconfig or run inside a pod" }));
    }
}
