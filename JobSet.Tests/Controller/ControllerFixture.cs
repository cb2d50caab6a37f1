using System.Text.Json;
using JobSet.Core.Api;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobSet.Tests.Controller;

/// <summary>
/// An embedded cluster on a loopback port and the real controller (AddJobSetController on a
/// generic host) reconciling it over HTTP, as <c>jobset run</c> does; with a client for the test.
/// </summary>
internal sealed class ControllerFixture : IAsyncDisposable
{
    private readonly IHost host;
    private bool ownsCluster;
    private bool stopped;

    private ControllerFixture(EmbeddedCluster cluster, IHost host, IKubernetes client)
    {
        Cluster = cluster;
        this.host = host;
        Client = client;
    }

    public EmbeddedCluster Cluster { get; }

    public IKubernetes Client { get; }

    public IJobSetControllerState State => host.Services.GetRequiredService<IJobSetControllerState>();

    public IServiceProvider Services => host.Services;

    public static async Task<ControllerFixture> StartAsync(bool simulate = true, FeatureGates? gates = null, Action<EmbeddedClusterOptions>? cluster = null, Action<JobSetControllerOptions>? controller = null, Action<IServiceCollection>? services = null)
    {
        var options = new EmbeddedClusterOptions
        {
            Listen = "127.0.0.1:0",
            SimulateWorkloads = simulate,
            FeatureGates = gates ?? FeatureGates.Default,
            Simulation = new SimulationOptions { DefaultRunTime = TimeSpan.FromSeconds(1), StartupTime = TimeSpan.FromMilliseconds(100), NodeCount = 8 },
        };
        cluster?.Invoke(options);
        var embedded = await EmbeddedCluster.StartAsync(options);
        return await AttachAsync(embedded, gates, controller, ownsCluster: true, services);
    }

    /// <summary>Starts a controller on a running cluster; disposing the fixture leaves the cluster running unless it owns it.</summary>
    public static async Task<ControllerFixture> AttachAsync(EmbeddedCluster embedded, FeatureGates? gates = null, Action<JobSetControllerOptions>? controller = null, bool ownsCluster = false, Action<IServiceCollection>? services = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.Services.AddJobSetController(o =>
        {
            o.Cluster = embedded.ClientConfiguration();
            o.FeatureGates = gates ?? FeatureGates.Default;
            controller?.Invoke(o);
        });
        var host = builder.Build();
        await host.StartAsync();
        var client = new k8s.Kubernetes(embedded.ClientConfiguration(), new RetryInjectedFaults());
        var fixture = new ControllerFixture(embedded, host, client) { ownsCluster = ownsCluster };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!fixture.State.Synced)
        {
            await Task.Delay(20, deadline.Token);
        }

        return fixture;
    }

    /// <summary>Creates a JobSet from YAML in <paramref name="ns"/>.</summary>
    public async Task<V1alpha2JobSet> CreateAsync(string yaml, string ns = "default")
    {
        var jobSet = ManifestReader.ReadJobSet(yaml, "test");
        jobSet.Metadata.NamespaceProperty = ns;
        var created = await Client.CustomObjects.CreateNamespacedCustomObjectAsync(KubeSerializer.ToNode(jobSet), ApiGroup.Name, ApiGroup.Version, ns, ApiGroup.JobSetPlural);
        return Convert(created);
    }

    public async Task<V1alpha2JobSet?> GetAsync(string name, string ns = "default")
    {
        try
        {
            return Convert(await Client.CustomObjects.GetNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, ns, ApiGroup.JobSetPlural, name));
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Waits until the JobSet satisfies <paramref name="done"/> (or fails the test after the timeout).</summary>
    public async Task<V1alpha2JobSet> WaitAsync(string name, Func<V1alpha2JobSet, bool> done, TimeSpan? timeout = null, string ns = "default")
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        V1alpha2JobSet? last = null;
        while (!deadline.IsCancellationRequested)
        {
            last = await GetAsync(name, ns);
            if (last is not null && done(last))
            {
                return last;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"JobSet {ns}/{name} did not get there in time; last status: {(last is null ? "(gone)" : KubeSerializer.ToJson(last.Status ?? new V1alpha2JobSetStatus()))}");
        return last!;
    }

    /// <summary>Waits until a condition of this type is True.</summary>
    public Task<V1alpha2JobSet> WaitForConditionAsync(string name, string type, TimeSpan? timeout = null, string ns = "default") =>
        WaitAsync(name, j => j.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True") == true, timeout, ns);

    public async Task<IList<V1Job>> JobsAsync(string jobSet, string ns = "default") =>
        (await Client.BatchV1.ListNamespacedJobAsync(ns, labelSelector: $"{WellKnownKeys.JobSetName}={jobSet}")).Items;

    public async Task<IList<Eventsv1Event>> EventsAsync(string ns = "default") =>
        (await Client.EventsV1.ListNamespacedEventAsync(ns)).Items;

    /// <summary>Stops the controller only; the cluster keeps running and is no longer disposed with the fixture.</summary>
    public async Task StopControllerAsync()
    {
        ownsCluster = false;
        stopped = true;
        await host.StopAsync();
        host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!stopped)
        {
            await host.StopAsync();
            host.Dispose();
        }

        if (ownsCluster)
        {
            await Cluster.DisposeAsync();
        }
    }

    /// <summary>The test's own client retries the faults the cluster injects; only the controller has to cope with them.</summary>
    private sealed class RetryInjectedFaults : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var mediaType = request.Content?.Headers.ContentType;
            for (var attempt = 0; ; attempt++)
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (attempt == 50 || (int)response.StatusCode is not (500 or 429))
                {
                    return response;
                }

                response.Dispose();
                await Task.Delay(20, cancellationToken);
                if (body is not null)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = mediaType;
                }
            }
        }
    }

    private static V1alpha2JobSet Convert(object body) =>
        KubernetesJson.Deserialize<V1alpha2JobSet>(JsonSerializer.Serialize(body));
}
