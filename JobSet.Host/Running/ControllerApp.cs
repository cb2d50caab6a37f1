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
using JobSet.Kubernetes.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
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
        var webhook = settings.WebhookBindAddress is { } w ? BindAddress.Parse("--webhook-bind-address", w) : null;
        if (metrics is null && health is null && webhook is null)
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
        var certificates = webhook is null ? null : Certificates(settings, cluster, builder);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (webhook is not null && certificates is not null)
            {
                kestrel.Listen(webhook, listen =>
                {
                    listen.Use(next => connection =>
                    {
                        connection.Items[EndpointItem] = "webhook";
                        return next(connection);
                    });
                    listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => certificates.Current);
                });
            }

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
        if (webhook is not null)
        {
            // The webhook paths answer on the webhook address only.
            var client = app.Services.GetRequiredService<IKubernetes>();
            var lookups = new KubernetesLookups(client);
            app.MapGroup("")
                .AddEndpointFilter(async (context, next) => Endpoint(context.HttpContext) == "webhook" ? await next(context).ConfigureAwait(false) : Results.NotFound())
                .MapJobSetWebhooks(new JobSetWebhooks(settings.FeatureGates, lookups, lookups));
        }

        var controller = new ControllerApp(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        // Kestrel lists the bound addresses in Listen order (webhook, metrics, health), with picked ports filled in.
        var next = webhook is null ? 0 : 1;
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

    /// <summary>The webhook server's certificate: mounted (cert-manager) or self-managed in a Secret, renewed in the background.</summary>
    private static IServerCertificateSource Certificates(RunSettings settings, KubernetesClientConfiguration cluster, WebApplicationBuilder builder)
    {
        if (settings.WebhookCertDir is { } dir)
        {
            var mounted = new MountedCertificate(dir, TimeProvider.System);
            builder.Services.AddSingleton(mounted);
            return mounted;
        }

        var managed = new SelfManagedCertificates(new k8s.Kubernetes(cluster), settings.Namespace, TimeProvider.System, NullLogger.Instance);
        builder.Services.AddSingleton(managed);
        builder.Services.AddHostedService(_ => new CertificateRenewal(managed));
        return managed;
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


    /// <summary>Keeps the self-managed webhook certificate valid while the process runs.</summary>
    private sealed class CertificateRenewal(SelfManagedCertificates certificates) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => certificates.RunAsync(stoppingToken);
    }
}
