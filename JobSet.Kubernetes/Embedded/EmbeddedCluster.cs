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

    /// <summary>The SQLite file the objects are kept in, or null when they live in memory only.</summary>
    public string? DataFile => Store.DataFile;

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
        var storeOptions = new StoreOptions
        {
            Time = options.Time,
            WatchHistorySize = options.WatchHistorySize,
            WatchHistoryBytes = options.WatchHistoryBytes,
            DataDirectory = options.DataDirectory,
        };
        var store = new InMemoryClusterStore(storeOptions, loggerFactory.CreateLogger<InMemoryClusterStore>());
        try
        {
            return await StartAsync(store, options, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            store.Close();
            throw;
        }
    }

    private static async Task<EmbeddedCluster> StartAsync(InMemoryClusterStore store, EmbeddedClusterOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        foreach (var plugin in AdmissionChain.For(options, store))
        {
            store.Admission.Add(plugin);
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

                await WritePrivateAsync(full, cluster.KubeconfigText, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Seeds the namespaces and the JobSet CRD into a store (those missing: a durable store keeps them across restarts).</summary>
    internal static void Seed(IClusterStore store) => Seed(store, withJobSetDefinition: true);

    /// <summary>Seeds the namespaces, and the JobSet CRD when asked, into a store (those missing).</summary>
    internal static void Seed(IClusterStore store, bool withJobSetDefinition)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var ns in SeedNamespaces)
        {
            if (store.Get(ResourceType.Namespaces, null, ns) is null)
            {
                store.Create(ResourceType.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
            }
        }

        var definition = JobSetDefinition.Create();
        if (withJobSetDefinition && store.Get(ResourceType.CustomResourceDefinitions, null, ObjectMeta.Name(definition)!) is null)
        {
            store.Create(ResourceType.CustomResourceDefinitions, definition);
        }
    }

    /// <summary>Writes a file only its owner can read (0600 on Unix): a kubeconfig may hold the bearer token.</summary>
    private static async Task WritePrivateAsync(string path, string text, CancellationToken cancellationToken)
    {
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, fileOptions);
        await using (stream.ConfigureAwait(false))
        {
            if (!OperatingSystem.IsWindows())
            {
                // An existing file keeps its mode on open: narrow it too.
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            var writer = new StreamWriter(stream);
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
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

        Store.Close();
    }
}
