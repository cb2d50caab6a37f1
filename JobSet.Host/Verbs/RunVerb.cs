using System.Runtime.InteropServices;
using JobSet.Host.Cli;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JobSet.Host.Verbs;

/// <summary>
/// <c>jobset run [--listen 127.0.0.1:6443] [--kubeconfig-out PATH] [--simulate-workloads true|false] [--feature-gates ...]</c>:
/// starts the embedded cluster and serves it until Ctrl-C or SIGTERM. JobSets are admitted
/// (defaulted and validated) but not reconciled yet.
/// </summary>
internal sealed class RunVerb : IVerb
{
    public string Name => "run";

    public string Summary => "run the controller (with an embedded cluster by default)";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("listen", null, "HOST:PORT", "loopback address to serve the Kubernetes API on (default 127.0.0.1:6443; port 0 picks one)"),
        new("kubeconfig-out", null, "PATH", "write a kubeconfig for kubectl and KubernetesClient to PATH"),
        OptionSpec.Flag("simulate-workloads", "simulate nodes, Jobs and pods (default true)"),
        OptionSpec.Flag("virtual-clock", "run the cluster on a virtual clock that jumps to the next due timer when idle (default false)"),
        OptionSpec.FeatureGates,
    ];

    public async Task<int> RunAsync(VerbContext context)
    {
        var options = new EmbeddedClusterOptions
        {
            Listen = context.Arguments.Get("listen") ?? "127.0.0.1:6443",
            KubeconfigPath = context.Arguments.Get("kubeconfig-out"),
            SimulateWorkloads = context.Arguments.Bool(Name, "simulate-workloads", true),
            FeatureGates = context.Arguments.FeatureGates(Name),
        };
        var virtualClock = context.Arguments.Bool(Name, "virtual-clock", false);
        if (virtualClock)
        {
            options.Time = new VirtualTimeProvider();
        }

        // Warnings and errors (failed requests, failing subscribers) go to stderr, one line each.
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddFilter("Microsoft", LogLevel.Error)

            // A host that fails to start (port in use) is reported below as one line; its own log entry is a stack trace.
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None)
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        EmbeddedCluster cluster;
        try
        {
            cluster = await EmbeddedCluster.StartAsync(options, loggerFactory, context.Cancellation).ConfigureAwait(false);
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
            return ExitCodes.Usage;
        }
        catch (IOException ex)
        {
            await context.Error.WriteLineAsync($"jobset run: cannot listen on {options.Listen}: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        await using (cluster.ConfigureAwait(false))
        {
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

            await context.Out.WriteLineAsync($"jobset {VersionText.Current}: embedded cluster listening on {cluster.BaseAddress.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            if (options.KubeconfigPath is { } path)
            {
                await context.Out.WriteLineAsync($"kubeconfig written to {Path.GetFullPath(path)}").ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync($"workload simulation: {(options.SimulateWorkloads ? "on" : "off")}{(virtualClock ? " (virtual clock)" : "")}; JobSets are admitted but not reconciled by this build").ConfigureAwait(false);
            await context.Out.WriteLineAsync("press Ctrl-C to stop").ConfigureAwait(false);
            await context.Out.FlushAsync().ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await context.Out.WriteLineAsync("stopping").ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }
}
