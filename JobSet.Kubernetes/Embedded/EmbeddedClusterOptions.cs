using JobSet.Core.Api;

namespace JobSet.Kubernetes.Embedded;

/// <summary>Settings of an <see cref="EmbeddedCluster"/>.</summary>
public sealed class EmbeddedClusterOptions
{
    /// <summary>The loopback address and port to serve on (<c>127.0.0.1:6443</c>; port 0 picks a free port).</summary>
    public string Listen { get; set; } = "127.0.0.1:6443";

    /// <summary>Where to write a kubeconfig for kubectl and KubernetesClient; null writes none.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>
    /// A plain API server, as a cluster without JobSet installed: no JobSet CRD is seeded and no
    /// JobSet or exclusive-placement admission runs. CRDs applied to it are served, and their
    /// custom resources are defaulted, pruned and validated against the CRD's schema
    /// (<see cref="Admission.CustomResourceSchemaAdmission"/>). Admission webhooks named by webhook
    /// configurations are stored but not called.
    /// </summary>
    public bool PlainApiServer { get; set; }

    /// <summary>Whether simulated nodes, Jobs, pods (scheduler and kubelet) run.</summary>
    public bool SimulateWorkloads { get; set; } = true;

    /// <summary>Settings of the simulated nodes, Jobs and pods (used when <see cref="SimulateWorkloads"/> is on).</summary>
    public Simulation.SimulationOptions Simulation { get; set; } = new();

    /// <summary>The feature gates admission (and later the controller) honour.</summary>
    public FeatureGates FeatureGates { get; set; } = FeatureGates.Default;

    /// <summary>The clock of the store and the simulation.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>When set, every request except health checks needs <c>Authorization: Bearer TOKEN</c>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Serve HTTPS: with <see cref="TlsCertificateFile"/> and <see cref="TlsKeyFile"/> when set, else with a self-signed certificate made at start (its CA data goes into the kubeconfig).</summary>
    public bool UseTls { get; set; }

    /// <summary>A PEM certificate to serve HTTPS with (with <see cref="TlsKeyFile"/>); setting it implies <see cref="UseTls"/>.</summary>
    public string? TlsCertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="TlsCertificateFile"/>.</summary>
    public string? TlsKeyFile { get; set; }

    /// <summary>Allow a non-loopback listen address. Off: the cluster has no real authentication.</summary>
    public bool AllowNonLoopback { get; set; }

    /// <summary>
    /// Where to keep the objects durably (a SQLite database, write-ahead logged); null keeps them in
    /// memory only, lost when the process ends. A restart on the same directory resumes the objects
    /// and resourceVersions.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>How often an idle watch that asked for bookmarks gets one.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many past events a watch can resume from (older: 410 Gone).</summary>
    public int WatchHistorySize { get; set; } = 10_000;

    /// <summary>How many bytes of past events (serialized JSON) a watch can resume from, 32 MiB (older: 410 Gone).</summary>
    public long WatchHistoryBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Faults the API server injects (500s, 429s, status conflicts, closed and expired watches); all off by default, changeable while running.</summary>
    public FaultInjectionOptions Faults { get; set; } = new();
}
