using System.Net;
using JobSet.Host.Cli;
using JobSet.Kubernetes.Embedded;
using JobSet.Tests.TestSupport;
using k8s;

namespace JobSet.Tests.Embedded.Api;

/// <summary>Optional bearer token and TLS: KubernetesClient works from the written kubeconfig; anonymous requests are 401.</summary>
public sealed class SecuredClusterTests : ApiTestBase
{
    protected override void Configure(EmbeddedClusterOptions options)
    {
        options.BearerToken = "s3cret";
        options.UseTls = true;
    }

    [Test]
    public async Task The_kubeconfig_carries_token_and_certificate_authority()
    {
        var namespaces = await Client.CoreV1.ListNamespaceAsync();

        Assert.That(Cluster.BaseAddress.Scheme, Is.EqualTo("https"));
        Assert.That(namespaces.Items.Select(n => n.Metadata.Name), Does.Contain("default"));
    }

    [Test]
    public async Task Requests_without_the_token_are_401_but_health_checks_answer()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { BaseAddress = Cluster.BaseAddress };

        var api = await http.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.That((api.StatusCode, ready.StatusCode), Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.OK)));
    }
}

/// <summary><c>jobset run</c>: refuses non-loopback addresses and bad flags; serves until cancelled.</summary>
public sealed class RunVerbTests
{
    [TestCase("--listen", "0.0.0.0:6443", "only loopback addresses are allowed")]
    [TestCase("--listen", "nonsense", "invalid listen address 'nonsense'")]
    [TestCase("--simulate-workloads", "maybe", "--simulate-workloads must be true or false")]
    [TestCase("--feature-gates", "Nope=true", "unknown feature gate 'Nope'")]
    [TestCase("--virtual-clock", "sometimes", "--virtual-clock must be true or false")]
    public void Bad_flags_are_usage_errors(string flag, string value, string message)
    {
        var result = CliRunner.Run("run", flag, value);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.Error, Does.Contain(message));
    }

    [Test]
    public void An_unwritable_kubeconfig_path_is_a_one_line_usage_error()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = CliRunner.Run("run", "--listen", "127.0.0.1:0", "--kubeconfig-out", Path.Combine(file, "kc.yaml"), "--simulate-workloads", "false");

            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(result.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1).And.Some.StartWith($"jobset run: cannot write the kubeconfig to {Path.Combine(file, "kc.yaml")}: "));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task A_port_in_use_is_a_one_line_usage_error()
    {
        await using var first = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false });
        var listen = $"127.0.0.1:{first.BaseAddress.Port}";

        var result = CliRunner.Run("run", "--listen", listen, "--simulate-workloads", "false");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1).And.Some.StartWith($"jobset run: cannot listen on {listen}: "));
    }

    [Test]
    public async Task Run_serves_until_cancelled_and_writes_a_working_kubeconfig()
    {
        var dir = Path.Combine(Path.GetTempPath(), "jobset-run-" + Guid.NewGuid().ToString("N")[..8]);
        var kubeconfig = Path.Combine(dir, "kc.yaml");
        using var cancel = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var run = CommandLineApp.RunAsync(["run", "--listen", "127.0.0.1:0", "--kubeconfig-out", kubeconfig, "--simulate-workloads", "false", "--metrics-bind-address", "0", "--health-probe-bind-address", "0"], TextReader.Null, TextWriter.Synchronized(output), TextWriter.Synchronized(error), cancel.Token);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!File.Exists(kubeconfig) || new FileInfo(kubeconfig).Length == 0)
            {
                Assert.That(run.IsCompleted, Is.False, error.ToString());
                await Task.Delay(20, deadline.Token);
            }

            var config = await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(new FileInfo(kubeconfig));
            using var client = new k8s.Kubernetes(config);
            var crds = await client.ApiextensionsV1.ListCustomResourceDefinitionAsync();
            Assert.That(crds.Items.Select(c => c.Metadata.Name), Is.EqualTo(new[] { "jobsets.jobset.x-k8s.io" }));
        }
        finally
        {
            await cancel.CancelAsync();
            var code = await run;
            Directory.Delete(dir, recursive: true);
            Assert.That(code, Is.EqualTo(ExitCodes.Success));
            Assert.That(output.ToString(), Does.Contain("embedded cluster listening on http://127.0.0.1:").And.Contain($"kubeconfig written to {kubeconfig}"));
        }
    }
}
