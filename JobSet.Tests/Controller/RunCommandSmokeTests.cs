using System.Text.RegularExpressions;
using JobSet.Host.Cli;
using JobSet.Tests.Embedded.Api;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Controller;

/// <summary>
/// The README's promise, as a new user would try it: <c>jobset run</c> starts cluster and
/// controller, and with the real kubectl an example runs to Completed with its Jobs, pods,
/// headless Service and events visible; /readyz and /metrics answer.
/// </summary>
public sealed partial class RunCommandSmokeTests
{
    [Test]
    public async Task Kubectl_apply_of_the_simple_example_runs_to_completed()
    {
        if (KubectlRunner.Find() is null)
        {
            Assert.Ignore("skipped: kubectl not found");
        }

        var dir = Path.Combine(Path.GetTempPath(), "jobset-smoke-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var kubeconfig = Path.Combine(dir, "kc.yaml");
        using var cancel = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var syncedOut = TextWriter.Synchronized(output);
        var run = CommandLineApp.RunAsync(
            ["run", "--listen", "127.0.0.1:0", "--kubeconfig-out", kubeconfig, "--metrics-bind-address", "127.0.0.1:0", "--health-probe-bind-address", "127.0.0.1:0", "--live-view", "false"],
            TextReader.Null,
            syncedOut,
            TextWriter.Synchronized(error),
            cancel.Token);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!output.ToString().Contains("press Ctrl-C", StringComparison.Ordinal))
            {
                Assert.That(run.IsCompleted, Is.False, error.ToString());
                await Task.Delay(50, deadline.Token);
            }

            var kubectl = new KubectlRunner(kubeconfig, dir);
            var applied = await kubectl.RunAsync("apply", "-f", ExampleFiles.PathOf("simple.yaml"));
            var waited = await kubectl.RunAsync("wait", "--for=condition=Completed", "jobset/hello-world", "--timeout=60s");
            var jobs = await kubectl.RunAsync("get", "jobs", "-o", "name");
            var services = await kubectl.RunAsync("get", "service", "hello-world", "-o", "name");
            var pods = await kubectl.RunAsync("get", "pods", "-l", "jobset.sigs.k8s.io/jobset-name=hello-world", "-o", "name");
            var events = await kubectl.RunAsync("get", "events", "--field-selector", "involvedObject.name=hello-world");

            using var http = new HttpClient();
            var text = output.ToString();
            var metricsUrl = MetricsLine().Match(text).Groups[1].Value;
            var healthUrl = HealthLine().Match(text).Groups[1].Value;
            var metrics = await http.GetStringAsync(new Uri(metricsUrl));
            var ready = await http.GetAsync(new Uri(new Uri(healthUrl), "/readyz"));

            Assert.Multiple(() =>
            {
                Assert.That(applied.Exit, Is.EqualTo(0), applied.Err);
                Assert.That(waited.Out.Trim(), Is.EqualTo("jobset.jobset.x-k8s.io/hello-world condition met"), waited.Err);
                Assert.That(jobs.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EquivalentTo(new[] { "job.batch/hello-world-workers-0", "job.batch/hello-world-workers-1" }));
                Assert.That(services.Out.Trim(), Is.EqualTo("service/hello-world"));
                Assert.That(pods.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(4));
                Assert.That(events.Out, Does.Contain("AllJobsCompleted"), events.Err);
                Assert.That(metrics, Does.Contain("jobset_completed_total{").And.Contain("jobset_name=\"hello-world\""));
                Assert.That((int)ready.StatusCode, Is.EqualTo(200));
            });
        }
        finally
        {
            await cancel.CancelAsync();
            var code = await run;
            Directory.Delete(dir, recursive: true);
            Assert.That(code, Is.EqualTo(ExitCodes.Success), error.ToString());
        }
    }

    [GeneratedRegex(@"metrics on (\S+)")]
    private static partial Regex MetricsLine();

    [GeneratedRegex(@"health on (\S+)")]
    private static partial Regex HealthLine();
}
