using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Admission;
using JobSet.Kubernetes.Embedded.Http;
using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Embedded.Store;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobSet.Kubernetes.Embedded;

/// <summary>
/// A single-process Kubernetes-compatible cluster: the in-memory store with JobSet admission,
/// seeded with the namespaces default, kube-system, kube-public and kube-node-lease and the JobSet
/// CRD, served over HTTP on loopback, with an optional kubeconfig on disk.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly EmbeddedApiServer server;

    private readonly EventMirror events;

    private EmbeddedCluster(InMemoryClusterStore store, EmbeddedApiServer server, EmbeddedClusterOptions options, WorkloadSimulator? simulator, EventMirror events)
    {
        this.events = events;
        Store = store;
        this.server = server;
        Options = options;
        Simulator = simulator;
    }

    /// <summary>The simulated workloads (nodes, Job controller, scheduler, kubelet), or null when simulation is off.</summary>
    public WorkloadSimulator? Simulator { get; }

    /// <summary>The store behind the API.</summary>
    internal InMemoryClusterStore Store { get; }

    /// <summary>The settings it runs with.</summary>
    public EmbeddedClusterOptions Options { get; }

    /// <summary>Where the API is served.</summary>
    public Uri BaseAddress => server.BaseAddress;

    /// <summary>The kubeconfig text for this cluster.</summary>
    public string KubeconfigText => Kubeconfig.Render(BaseAddress, Options.BearerToken, server.Certificate?.ExportCertificatePem());

    /// <summary>The namespaces every cluster starts with.</summary>
    public static IReadOnlyList<string> SeedNamespaces { get; } = ["default", "kube-system", "kube-public", "kube-node-lease"];

    /// <summary>Creates the store (with admission and seeds), starts serving and writes the kubeconfig when asked.</summary>
    public static async Task<EmbeddedCluster> StartAsync(EmbeddedClusterOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        var storeOptions = new StoreOptions { Time = options.Time, WatchHistorySize = options.WatchHistorySize };
        storeOptions.Admission.Add(new FieldValidation());
        storeOptions.Admission.Add(options.PlainApiServer ? new CustomResourceSchemaAdmission() : new JobSetAdmission(options.FeatureGates));
        var store = new InMemoryClusterStore(storeOptions, loggerFactory.CreateLogger<InMemoryClusterStore>());
        store.Admission.Add(new PodPriorityAdmission());
        if (!options.PlainApiServer)
        {
            store.Admission.Add(new ExclusivePlacementAdmission(store));
        }

        Seed(store, withJobSetDefinition: !options.PlainApiServer);
        WorkloadSimulator? simulator = null;
        if (options.SimulateWorkloads)
        {
            simulator = new WorkloadSimulator(store, options.Simulation, loggerFactory.CreateLogger<WorkloadSimulator>());
            simulator.Start();
        }

        EmbeddedApiServer server;
        try
        {
            server = await EmbeddedApiServer.StartAsync(store, options, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        var cluster = new EmbeddedCluster(store, server, options, simulator, new EventMirror(store, loggerFactory.CreateLogger<EventMirror>()));
        if (options.KubeconfigPath is { } path)
        {
            try
            {
                var full = Path.GetFullPath(path);
                if (Path.GetDirectoryName(full) is { } dir)
                {
                    Directory.CreateDirectory(dir);
                }

                await File.WriteAllTextAsync(full, cluster.KubeconfigText, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // A cluster nobody can reach must not keep its port: stop it, then report the path.
                await cluster.DisposeAsync().ConfigureAwait(false);
                throw new IOException($"cannot write the kubeconfig to {path}: {ex.Message}", ex);
            }
        }

        return cluster;
    }

    /// <summary>Seeds the namespaces and the JobSet CRD into a store.</summary>
    internal static void Seed(IClusterStore store) => Seed(store, withJobSetDefinition: true);

    /// <summary>Seeds the namespaces, and the JobSet CRD when asked, into a store.</summary>
    internal static void Seed(IClusterStore store, bool withJobSetDefinition)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var ns in SeedNamespaces)
        {
            store.Create(ResourceType.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        if (withJobSetDefinition)
        {
            store.Create(ResourceType.CustomResourceDefinitions, JobSetDefinition.Create());
        }
    }

    /// <summary>A KubernetesClient configuration for this cluster.</summary>
    public KubernetesClientConfiguration ClientConfiguration()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(KubeconfigText));
        return KubernetesClientConfiguration.BuildConfigFromConfigFile(stream);
    }

    /// <summary>Stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync().ConfigureAwait(false);
        await events.DisposeAsync().ConfigureAwait(false);
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
