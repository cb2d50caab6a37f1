using JobSet.Core.Api;
using Microsoft.Extensions.Logging;

namespace JobSet.Host.Running;

/// <summary>What <c>jobset run</c> was asked to do, after the command line and <c>--config</c> are read.</summary>
internal sealed record RunSettings
{
    /// <summary>The cluster to reconcile: a kubeconfig path; null means in-cluster credentials when present, else the embedded cluster.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The embedded cluster's listen address.</summary>
    public string Listen { get; init; } = "127.0.0.1:6443";

    /// <summary>Where the embedded cluster writes its kubeconfig.</summary>
    public string? KubeconfigOut { get; init; }

    /// <summary>Whether the embedded cluster simulates nodes, Jobs and pods.</summary>
    public bool SimulateWorkloads { get; init; } = true;

    /// <summary>Whether the embedded cluster is a plain API server (no JobSet CRD, built-in admission or controller).</summary>
    public bool PlainApiServer { get; init; }

    /// <summary>Whether the embedded cluster runs on a virtual clock.</summary>
    public bool VirtualClock { get; init; }

    /// <summary>Feature gates of admission and the planner.</summary>
    public FeatureGates FeatureGates { get; init; } = FeatureGates.Default;

    /// <summary>Only the Lease holder reconciles.</summary>
    public bool LeaderElect { get; init; }

    /// <summary>The controller's own namespace (its Lease).</summary>
    public string Namespace { get; init; } = "jobset-system";

    /// <summary>Where <c>/metrics</c> is served (<c>0</c>: nowhere).</summary>
    public string MetricsBindAddress { get; init; } = "127.0.0.1:8080";

    /// <summary>Where <c>/healthz</c> and <c>/readyz</c> are served (<c>0</c>: nowhere).</summary>
    public string HealthProbeBindAddress { get; init; } = "127.0.0.1:8081";

    /// <summary>Where the admission webhooks are served over HTTPS; null: not served.</summary>
    public string? WebhookBindAddress { get; init; }

    /// <summary>A folder with tls.crt and tls.key for the webhook server; null: self-managed certificates in a Secret.</summary>
    public string? WebhookCertDir { get; init; }

    /// <summary>How many JobSets are reconciled at once.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Client QPS to the API server.</summary>
    public double ClientQps { get; init; } = 500;

    /// <summary>Client burst to the API server.</summary>
    public int ClientBurst { get; init; } = 500;

    /// <summary>The least log level written.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Show the live view (a terminal) instead of transition log lines.</summary>
    public bool LiveView { get; init; }
}
