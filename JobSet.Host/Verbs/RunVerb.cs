using System.Globalization;
using System.Runtime.InteropServices;
using JobSet.Host.Cli;
using JobSet.Host.Running;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Simulation;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JobSet.Host.Verbs;

/// <summary>
/// <c>jobset run</c>: runs the JobSet controller. With no cluster named (no <c>--kubeconfig</c>,
/// not inside a pod) it starts the embedded cluster on loopback, writes a kubeconfig for it and
/// reconciles it over HTTP; otherwise it reconciles that cluster.
/// </summary>
internal sealed class RunVerb : IVerb
{
    public string Name => "run";

    public string Summary => "run the controller (with an embedded cluster by default)";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("kubeconfig", null, "PATH", "reconcile the cluster of this kubeconfig instead of an embedded one (inside a pod: its service account)"),
        new("config", null, "FILE", "upstream's controller Configuration file (config.jobset.x-k8s.io/v1alpha1); flags win over it"),
        new("listen", null, "HOST:PORT", "embedded cluster: loopback address to serve the Kubernetes API on (default 127.0.0.1:6443; port 0 picks one)"),
        new("kubeconfig-out", null, "PATH", "embedded cluster: write its kubeconfig to PATH (default: jobset-PORT.kubeconfig in the temp folder)"),
        OptionSpec.Flag("simulate-workloads", "embedded cluster: simulate nodes, Jobs and pods (default true)"),
        OptionSpec.Flag("plain-api-server", "embedded cluster: serve it as a plain API server, without the JobSet CRD, built-in JobSet admission or the controller; it calls admission webhooks (default false)"),
        OptionSpec.Flag("virtual-clock", "embedded cluster: a virtual clock that jumps to the next due timer when idle (default false)"),
        OptionSpec.FeatureGates,
        OptionSpec.Flag("leader-elect", "only the holder of the Lease in --namespace reconciles (default false)"),
        new("namespace", null, "NS", "the controller's own namespace, for its Lease and webhook certificate (default: the pod's, else jobset-system)"),
        new("metrics-bind-address", null, "HOST:PORT", "serve /metrics (Prometheus text) here; 0 turns it off (default 127.0.0.1:8080)"),
        new("health-probe-bind-address", null, "HOST:PORT", "serve /healthz and /readyz here; 0 turns it off (default 127.0.0.1:8081)"),
        new("webhook-bind-address", null, "HOST:PORT", "serve the JobSet and pod admission webhooks over HTTPS here (default: not served)"),
        new("webhook-cert-dir", null, "DIR", "the webhook server's tls.crt and tls.key (default: a self-managed CA and certificate in a Secret)"),
        new("workers", null, "N", "JobSets reconciled at once (default 4)"),
        new("log-level", null, "LEVEL", "trace, debug, information (default), warning or error"),
        OptionSpec.Flag("live-view", "a live table of JobSets instead of log lines (default: true on a terminal)"),
        new("data-dir", null, "PATH", "embedded cluster: keep the objects in a SQLite database in PATH, across restarts (default: in memory only)"),
        new("token-file", null, "PATH", "embedded cluster: require 'Authorization: Bearer TOKEN' with the token in PATH (written into the kubeconfig)"),
        OptionSpec.Flag("tls", "embedded cluster: serve HTTPS with a self-signed certificate made at start (default false)"),
        new("tls-cert", null, "PATH", "embedded cluster: serve HTTPS with this PEM certificate (with --tls-key)"),
        new("tls-key", null, "PATH", "embedded cluster: the PEM private key of --tls-cert"),
        OptionSpec.Flag("allow-non-loopback", "embedded cluster: allow --listen on a non-loopback address (default false; use with --token-file and TLS)"),
    ];

    public async Task<int> RunAsync(VerbContext context)
    {
        var args = context.Arguments;
        var file = args.Get("config") is { } configPath ? ConfigurationFile.Read(configPath, context.ReadText(configPath)) : new RunSettings();
        var settings = file with
        {
            Kubeconfig = args.Get("kubeconfig"),
            Listen = args.Get("listen") ?? "127.0.0.1:6443",
            KubeconfigOut = args.Get("kubeconfig-out"),
            SimulateWorkloads = args.Bool(Name, "simulate-workloads", true),
            PlainApiServer = args.Bool(Name, "plain-api-server", false),
            VirtualClock = args.Bool(Name, "virtual-clock", false),
            FeatureGates = args.Get("feature-gates") is null ? file.FeatureGates : args.FeatureGates(Name),
            LeaderElect = args.Bool(Name, "leader-elect", file.LeaderElect),
            Namespace = args.Get("namespace") ?? (args.Get("config") is not null && file.Namespace != new RunSettings().Namespace ? file.Namespace : OwnNamespace()),
            MetricsBindAddress = args.Get("metrics-bind-address") ?? file.MetricsBindAddress,
            HealthProbeBindAddress = args.Get("health-probe-bind-address") ?? file.HealthProbeBindAddress,
            WebhookBindAddress = args.Get("webhook-bind-address") ?? file.WebhookBindAddress,
            WebhookCertDir = args.Get("webhook-cert-dir") ?? file.WebhookCertDir,
            Workers = Workers(args.Get("workers")),
            LogLevel = Level(args.Get("log-level")),
            LiveView = args.Bool(Name, "live-view", !Console.IsOutputRedirected && ReferenceEquals(context.Out, Console.Out)),
        };

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // A second SIGTERM (e.g. from a supervisor forwarding it) after shutdown began.
            }
        });

        void Logging(ILoggingBuilder logging) => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("JobSet", settings.LiveView ? LogLevel.Warning : settings.LogLevel)
            .AddFilter("Microsoft", LogLevel.Error)

            // A host that fails to start (port in use) is reported as one line; its own log entry is a stack trace.
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            })
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        if (settings.PlainApiServer && (settings.Kubeconfig is not null || KubernetesClientConfiguration.IsInCluster()))
        {
            throw new UsageException("jobset run: --plain-api-server starts an embedded cluster; it cannot be combined with --kubeconfig or run inside a pod");
        }

        EmbeddedCluster? cluster = null;
        KubernetesClientConfiguration config;
        if (settings.Kubeconfig is { } kubeconfig)
        {
            config = ReadKubeconfig(kubeconfig);
        }
        else if (KubernetesClientConfiguration.IsInCluster())
        {
            config = KubernetesClientConfiguration.InClusterConfig();
        }
        else
        {
            cluster = await StartEmbeddedAsync(context, settings, Logging).ConfigureAwait(false);
            if (cluster is null)
            {
                return ExitCodes.Usage;
            }

            config = cluster.ClientConfiguration();
            await PrintClusterAsync(context, settings, cluster).ConfigureAwait(false);
            if (settings.PlainApiServer)
            {
                return await ServePlainAsync(context, cluster, stop.Token).ConfigureAwait(false);
            }
        }

        try
        {
            ControllerApp controller;
            try
            {
                controller = await ControllerApp.StartAsync(settings, config, Logging, stop.Token).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                await context.Error.WriteLineAsync($"jobset run: cannot serve metrics or health ({settings.MetricsBindAddress}, {settings.HealthProbeBindAddress}): {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                await context.Error.WriteLineAsync($"jobset run: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            await using (controller.ConfigureAwait(false))
            {
                await PrintStartAsync(context, settings, cluster, controller).ConfigureAwait(false);
                try
                {
                    if (settings.LiveView)
                    {
                        await LiveView.RunAsync(controller.State, TimeProvider.System, stop.Token).ConfigureAwait(false);
                    }

                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await context.Out.WriteLineAsync("stopping").ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }

    private static async Task<EmbeddedCluster?> StartEmbeddedAsync(VerbContext context, RunSettings settings, Action<ILoggingBuilder> logging)
    {
        var options = new EmbeddedClusterOptions
        {
            Listen = settings.Listen,
            KubeconfigPath = settings.KubeconfigOut ?? DefaultKubeconfigPath(settings.Listen),
            SimulateWorkloads = settings.SimulateWorkloads,
            FeatureGates = settings.FeatureGates,
            PlainApiServer = settings.PlainApiServer,
        };
        await RunSecurity.ConfigureAsync(context, "run", options).ConfigureAwait(false);
        if (settings.VirtualClock)
        {
            options.Time = new VirtualTimeProvider();
        }

        using var loggerFactory = LoggerFactory.Create(logging);
        try
        {
            return await EmbeddedCluster.StartAsync(options, loggerFactory, context.Cancellation).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            // The message names the bad --listen value; the " (Parameter 'x')" suffix is for developers.
            var message = ex.ParamName is { } parameter
                ? ex.Message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal)
                : ex.Message;
            throw new UsageException($"jobset run: {message}");
        }
        catch (IOException ex) when (ex.InnerException is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The kubeconfig could not be written (the cluster was stopped): the message names the path.
            await context.Error.WriteLineAsync($"jobset run: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return null;
        }
        catch (IOException ex)
        {
            await context.Error.WriteLineAsync($"jobset run: cannot listen on {options.Listen}: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>A plain API server: no controller in this process; serve until stopped.</summary>
    private static async Task<int> ServePlainAsync(VerbContext context, EmbeddedCluster cluster, CancellationToken stop)
    {
        await using (cluster.ConfigureAwait(false))
        {
            var kc = Path.GetFullPath(cluster.Options.KubeconfigPath!);
            await context.Out.WriteLineAsync("plain API server: no JobSet CRD, no built-in JobSet admission, no controller; stored admission webhooks are called").ConfigureAwait(false);
            await context.Out.WriteLineAsync("install JobSet with:").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"  jobset manifests | kubectl --kubeconfig {kc} apply -f -").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"  jobset run --kubeconfig {kc} --webhook-bind-address 127.0.0.1:9443   (and Endpoints for the webhook Service: docs/install.md)").ConfigureAwait(false);
            await context.Out.WriteLineAsync("press Ctrl-C to stop").ConfigureAwait(false);
            await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await context.Out.WriteLineAsync("stopping").ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }

    private static async Task PrintClusterAsync(VerbContext context, RunSettings settings, EmbeddedCluster cluster)
    {
        await context.Out.WriteLineAsync($"jobset {VersionText.Current}: embedded cluster listening on {cluster.BaseAddress.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"kubeconfig written to {Path.GetFullPath(cluster.Options.KubeconfigPath!)}").ConfigureAwait(false);
        await context.Out.WriteLineAsync(RunSecurity.StorageLine(cluster)).ConfigureAwait(false);
        await context.Out.WriteLineAsync($"workload simulation: {(settings.SimulateWorkloads ? "on" : "off")}{(settings.VirtualClock ? " (virtual clock)" : "")}").ConfigureAwait(false);
        await context.Out.FlushAsync().ConfigureAwait(false);
    }

    private static async Task PrintStartAsync(VerbContext context, RunSettings settings, EmbeddedCluster? cluster, ControllerApp controller)
    {
        var version = VersionText.Current;
        if (cluster is null)
        {
            await context.Out.WriteLineAsync($"jobset {version}: reconciling the cluster {(settings.Kubeconfig is { } k ? "of the kubeconfig " + k : "of this pod's service account")}").ConfigureAwait(false);
        }

        await context.Out.WriteLineAsync($"controller {version}: {settings.Workers} workers{(settings.LeaderElect ? $", leader election in namespace {settings.Namespace}" : "")}; feature gates {Gates(settings)}").ConfigureAwait(false);
        if (controller.MetricsAddress is { } metrics)
        {
            await context.Out.WriteLineAsync($"metrics on {metrics}").ConfigureAwait(false);
        }

        if (settings.WebhookBindAddress is { } webhook)
        {
            await context.Out.WriteLineAsync($"admission webhooks on https://{webhook} ({(settings.WebhookCertDir is { } dir ? "certificate from " + dir : "self-managed certificate in Secret jobset-webhook-server-cert")})").ConfigureAwait(false);
        }

        if (controller.HealthAddress is { } health)
        {
            await context.Out.WriteLineAsync($"health on {health} and {new Uri(health, "/readyz")}").ConfigureAwait(false);
        }

        if (cluster is not null)
        {
            var kc = Path.GetFullPath(cluster.Options.KubeconfigPath!);
            await context.Out.WriteLineAsync("try:").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"  kubectl --kubeconfig {kc} apply -f examples/simple.yaml").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"  kubectl --kubeconfig {kc} get jobsets,jobs,pods").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"  kubectl --kubeconfig {kc} wait --for=condition=Completed jobsets --all --timeout=60s").ConfigureAwait(false);
        }

        await context.Out.WriteLineAsync("press Ctrl-C to stop").ConfigureAwait(false);
        await context.Out.FlushAsync().ConfigureAwait(false);
    }

    private static string Gates(RunSettings settings) =>
        $"RestartJob={settings.FeatureGates.RestartJob.ToString().ToLowerInvariant()},ElasticJobSet={settings.FeatureGates.ElasticJobSet.ToString().ToLowerInvariant()},InPlaceRestart={settings.FeatureGates.InPlaceRestart.ToString().ToLowerInvariant()}";

    /// <summary>One kubeconfig per port (or per process for port 0), outside the working tree.</summary>
    private static string DefaultKubeconfigPath(string listen)
    {
        var port = listen[(listen.LastIndexOf(':') + 1)..];
        var suffix = port is "0" or "" ? "pid" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) : port;
        return Path.Combine(Path.GetTempPath(), $"jobset-{suffix}.kubeconfig");
    }

    private static KubernetesClientConfiguration ReadKubeconfig(string path)
    {
        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or k8s.Exceptions.KubeConfigException or ArgumentException or YamlDotNet.Core.YamlException)
        {
            throw new UsageException($"jobset run: cannot read the kubeconfig {path}: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>Inside a pod, the service account's namespace (as controller-runtime reads it); else jobset-system.</summary>
    private static string OwnNamespace()
    {
        const string file = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
        try
        {
            return File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } ns ? ns : "jobset-system";
        }
        catch (IOException)
        {
            return "jobset-system";
        }
        catch (UnauthorizedAccessException)
        {
            return "jobset-system";
        }
    }

    private static int Workers(string? text)
    {
        if (text is null)
        {
            return 4;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000
            ? n
            : throw new UsageException($"jobset run: invalid --workers '{text}': expected a whole number from 1 to 1000");
    }

    private static LogLevel Level(string? text) => text?.ToLowerInvariant() switch
    {
        null or "information" or "info" => LogLevel.Information,
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw new UsageException($"jobset run: invalid --log-level '{text}': expected trace, debug, information, warning or error"),
    };
}
