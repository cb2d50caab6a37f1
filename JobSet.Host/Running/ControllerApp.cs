using JobSet.Kubernetes.Controller;
using JobSet.Kubernetes.Hosting;
using JobSet.Kubernetes.Runtime;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace JobSet.Host.Running;

/// <summary>
/// The controller process of <c>jobset run</c> on the generic host (ASP.NET Core's, for the
/// metrics and health endpoints): <see cref="JobSetControllerServiceCollectionExtensions.AddJobSetController"/>
/// against one cluster, <c>/metrics</c> in Prometheus text format on the metrics address, and
/// <c>/healthz</c> and <c>/readyz</c> on the health address.
/// </summary>
internal sealed class ControllerApp : IAsyncDisposable
{
    private const string EndpointItem = "jobset-endpoint";

    private readonly IHost app;

    private ControllerApp(IHost app) => this.app = app;

    /// <summary>What the controller shows of itself.</summary>
    public IJobSetControllerState State => app.Services.GetRequiredService<IJobSetControllerState>();

    /// <summary>Where metrics are served, or null.</summary>
    public Uri? MetricsAddress { get; private set; }

    /// <summary>Where health is served, or null.</summary>
    public Uri? HealthAddress { get; private set; }

    public static async Task<ControllerApp> StartAsync(RunSettings settings, KubernetesClientConfiguration cluster, Action<ILoggingBuilder> logging, CancellationToken cancellationToken)
    {
        var metrics = BindAddress.Parse("--metrics-bind-address", settings.MetricsBindAddress);
        var health = BindAddress.Parse("--health-probe-bind-address", settings.HealthProbeBindAddress);
        if (metrics is null && health is null)
        {
            // Nothing to serve: a plain generic host (a web host with no address would bind localhost:5000).
            var plain = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            plain.Logging.ClearProviders();
            logging(plain.Logging);
            AddController(plain.Services, settings, cluster);
            var quiet = new ControllerApp(plain.Build());
            await quiet.app.StartAsync(cancellationToken).ConfigureAwait(false);
            return quiet;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (metrics is not null)
            {
                kestrel.Listen(metrics, listen => listen.Use(next => connection =>
                {
                    connection.Items[EndpointItem] = "metrics";
                    return next(connection);
                }));
            }

            if (health is not null)
            {
                kestrel.Listen(health, listen => listen.Use(next => connection =>
                {
                    connection.Items[EndpointItem] = "health";
                    return next(connection);
                }));
            }
        });
        AddController(builder.Services, settings, cluster);
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(ControllerMetrics.MeterName, WorkQueue<JobSetKey>.MeterName)
            .AddPrometheusExporter());

        var app = builder.Build();
        app.UseWhen(c => Endpoint(c) == "metrics", m => m.UseOpenTelemetryPrometheusScrapingEndpoint("/metrics"));
        app.UseWhen(c => Endpoint(c) == "health", h =>
        {
            h.UseHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
            h.UseHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(JobSetControllerServiceCollectionExtensions.ReadyTag) });
        });
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

        var controller = new ControllerApp(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        // Kestrel lists the bound addresses in Listen order (metrics, then health), with picked ports filled in.
        var next = 0;
        controller.MetricsAddress = metrics is null ? null : new Uri(bound[next++].TrimEnd('/') + "/metrics");
        controller.HealthAddress = health is null ? null : new Uri(bound[next].TrimEnd('/') + "/healthz");
        return controller;
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await app.StopAsync(grace.Token).ConfigureAwait(false);
        if (app is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            app.Dispose();
        }
    }

    private static void AddController(IServiceCollection services, RunSettings settings, KubernetesClientConfiguration cluster) =>
        services.AddJobSetController(o =>
        {
            o.Cluster = cluster;
            o.FeatureGates = settings.FeatureGates;
            o.Workers = settings.Workers;
            o.LeaderElect = settings.LeaderElect;
            o.LeaderElectionNamespace = settings.Namespace;
            o.ClientQps = settings.ClientQps;
            o.ClientBurst = settings.ClientBurst;
        });

    private static string? Endpoint(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(EndpointItem, out var value) == true ? value as string : null;

}
