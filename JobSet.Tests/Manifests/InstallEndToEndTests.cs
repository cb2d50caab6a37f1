using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using JobSet.Host.Cli;
using JobSet.Tests.Embedded.Api;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Manifests;

/// <summary>
/// The install as a user does it on a cluster, end to end: <c>jobset run --plain-api-server</c>
/// (an API server without JobSet), <c>jobset manifests | kubectl apply -f -</c>, Endpoints that
/// route the webhook Service to a loopback port, and the controller as a separate process with
/// <c>--kubeconfig</c> and <c>--webhook-bind-address</c> (self-managed certificates, CA injected).
/// JobSets are defaulted and validated by the controller's webhooks and run to Completed; with the
/// controller stopped, failurePolicy Fail refuses JobSets and JobSet pods while other pods are
/// admitted (objectSelector); started again, it completes what was left.
/// <c>JOBSET_E2E_HOST_DLL</c> names another <c>jobset.dll</c> to run as the controller (e.g. a publish output).
/// </summary>
public sealed class InstallEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private string dir = "";
    private KubectlRunner kubectl = null!;
    private readonly StringBuilder controllerLog = new();
    private int kubectlRuns;

    [SetUp]
    public void Prepare()
    {
        if (KubectlRunner.Find() is null)
        {
            Assert.Ignore("skipped: kubectl not found");
        }

        dir = Path.Combine(Path.GetTempPath(), "jobset-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        kubectl = new KubectlRunner(Path.Combine(dir, "kubeconfig.yaml"), dir);
    }

    [TearDown]
    public void Clean()
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task Install_on_a_plain_api_server_then_defaulted_validated_completed_failurePolicy_and_resume()
    {
        var kubeconfig = Path.Combine(dir, "kubeconfig.yaml");
        using var stopCluster = new CancellationTokenSource();
        var clusterOut = new StringWriter();
        var cluster = CommandLineApp.RunAsync(
            ["run", "--plain-api-server", "--listen", "127.0.0.1:0", "--kubeconfig-out", kubeconfig, "--live-view", "false"],
            TextReader.Null,
            TextWriter.Synchronized(clusterOut),
            TextWriter.Synchronized(new StringWriter()),
            stopCluster.Token);
        Process? controller = null;
        var clock = Stopwatch.StartNew();
        void Phase(string what) => TestContext.Progress.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1}s {what}");
        try
        {
            await Until(() => Task.FromResult(clusterOut.ToString().Contains("press Ctrl-C", StringComparison.Ordinal) || cluster.IsCompleted), "the plain API server to start");
            Assert.That(clusterOut.ToString(), Does.Contain("plain API server: no JobSet CRD"), clusterOut.ToString());

            Phase("plain API server up");

            // The install, and Endpoints that route the webhook Service to this machine's loopback port.
            var installed = await KubectlIn(CliRunner.Run("manifests").Out, "apply", "-f", "-");
            Assert.That(installed.Exit, Is.Zero, installed.Err);
            var port = FreePort();
            var endpoints = await KubectlIn(Endpoints(port), "apply", "-f", "-");
            Assert.That(endpoints.Exit, Is.Zero, endpoints.Err);

            Phase("installed");
            controller = StartController(kubeconfig, port);
            await Until(async () => (await Kubectl("get", "mutatingwebhookconfiguration", "jobset-mutating-webhook-configuration", "-o", "jsonpath={.webhooks[0].clientConfig.caBundle}")).Out.Length > 0, "the CA bundle to be injected");
            Phase("CA injected");
            await ApplyWhenServing(ExampleFiles.PathOf("simple.yaml"));
            Phase("simple.yaml admitted");

            // Defaulted by the mutating webhook (the schema alone does not default successPolicy), then validated by the validating one.
            var successPolicy = await Kubectl("get", "jobset", "hello-world", "-o", "jsonpath={.spec.successPolicy.operator}/{.spec.startupPolicy.startupPolicyOrder}");
            Assert.That(successPolicy.Out, Is.EqualTo("All/AnyOrder"), successPolicy.Err);
            var invalid = await KubectlIn(JobSet("1bad", "1workers"), "apply", "-f", "-");
            Assert.That(invalid.Exit, Is.Not.Zero);
            Assert.That(invalid.Err, Does.Contain("admission webhook \"vjobset.kb.io\" denied the request: ").And.Contain("spec.replicatedJobs[0].name"));
            await Completed("hello-world");
            Phase("hello-world completed");

            // A JobSet admitted just before the controller stops; then the controller is gone.
            var beforeStop = await KubectlIn(JobSet("before-stop", "workers"), "apply", "-f", "-");
            Assert.That(beforeStop.Exit, Is.Zero, beforeStop.Err);
            controller.Kill(entireProcessTree: true);
            await controller.WaitForExitAsync();

            Phase("controller stopped");
            var refused = await KubectlIn(JobSet("while-down", "workers"), "apply", "-f", "-");
            Assert.That(refused.Exit, Is.Not.Zero);
            Assert.That(refused.Err, Does.Contain($"Internal error occurred: failed calling webhook \"mjobset.kb.io\": failed to call webhook: Post \"https://jobset-webhook-service.jobset-system.svc:443/mutate-jobset-x-k8s-io-v1alpha2-jobset?timeout=10s\": dial tcp 127.0.0.1:{port}: connect: connection refused"));
            var jobSetPod = await KubectlIn(Pod("labelled", withJobSetLabel: true), "apply", "-f", "-");
            Assert.That(jobSetPod.Err, Does.Contain("failed calling webhook \"mpod.kb.io\""), "a JobSet pod goes through the pod webhooks");
            var otherPod = await KubectlIn(Pod("unrelated", withJobSetLabel: false), "apply", "-f", "-");
            Assert.That(otherPod.Exit, Is.Zero, "the objectSelector keeps other pods away from the webhooks: " + otherPod.Err);

            // Started again: it serves the webhooks and finishes what it had left.
            Phase("failurePolicy checked");
            controller = StartController(kubeconfig, port);
            await ApplyWhenServing(null, JobSet("after-restart", "workers"));
            Phase("controller serving again");
            await Completed("before-stop");
            await Completed("after-restart");
            Phase($"both completed ({kubectlRuns} kubectl runs)");
        }
        finally
        {
            if (controller is { HasExited: false })
            {
                controller.Kill(entireProcessTree: true);
                await controller.WaitForExitAsync();
            }

            controller?.Dispose();
            await stopCluster.CancelAsync();
            Assert.That(await cluster, Is.EqualTo(ExitCodes.Success));
        }
    }

    private Task<(int Exit, string Out, string Err)> Kubectl(params string[] args)
    {
        Interlocked.Increment(ref kubectlRuns);
        return kubectl.RunAsync(args);
    }

    private Task<(int Exit, string Out, string Err)> KubectlIn(string? stdin, params string[] args)
    {
        Interlocked.Increment(ref kubectlRuns);
        return kubectl.RunWithInputAsync(stdin, args);
    }

    private Process StartController(string kubeconfig, int webhookPort)
    {
        var jobsetDll = Environment.GetEnvironmentVariable("JOBSET_E2E_HOST_DLL") is { Length: > 0 } published ? published : typeof(CommandLineApp).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            jobsetDll, "run", "--kubeconfig", kubeconfig, "--webhook-bind-address", $"127.0.0.1:{webhookPort}",
            "--metrics-bind-address", "0", "--health-probe-bind-address", "0", "--live-view", "false", "--log-level", "warning",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (controllerLog)
            {
                controllerLog.AppendLine(line);
            }
        }
    }

    /// <summary>Applies once the webhook server answers (a refused call is failurePolicy Fail while it starts).</summary>
    private async Task ApplyWhenServing(string? file, string? stdin = null)
    {
        (int Exit, string Out, string Err) last = default;
        await Until(
            async () =>
            {
                last = file is null ? await KubectlIn(stdin, "apply", "-f", "-") : await Kubectl("apply", "-f", file);
                Assert.That(last.Exit == 0 || last.Err.Contains("failed calling webhook", StringComparison.Ordinal), Is.True, last.Err);
                return last.Exit == 0;
            },
            "the webhooks to admit a JobSet");
    }

    private async Task Completed(string name)
    {
        var waited = await Kubectl("wait", "--for=condition=Completed", $"jobset/{name}", "--timeout=60s");
        Assert.That(waited.Exit, Is.Zero, $"{waited.Err}\ncontroller log:\n{controllerLog}");
    }

    private async Task Until(Func<Task<bool>> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.That(clock.Elapsed, Is.LessThan(Patience), $"timed out waiting for {what}; controller log:\n{controllerLog}");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Endpoints(int port) => $"""
        apiVersion: v1
        kind: Endpoints
        metadata:
          name: jobset-webhook-service
          namespace: jobset-system
        subsets:
        - addresses:
          - ip: 127.0.0.1
          ports:
          - name: webhook
            port: {port}
        """;

    private static string JobSet(string name, string replicatedJob) => $"""
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: {name}
        spec:
          replicatedJobs:
          - name: "{replicatedJob}"
            template:
              spec:
                template:
                  spec:
                    containers:
                    - name: worker
                      image: busybox:1.36
        """;

    private static string Pod(string name, bool withJobSetLabel) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
          labels:
            {(withJobSetLabel ? "jobset.sigs.k8s.io/jobset-name: some-jobset" : "app: unrelated")}
        spec:
          containers:
          - name: main
            image: busybox:1.36
        """;
}
