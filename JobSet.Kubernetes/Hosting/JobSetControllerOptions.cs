using JobSet.Core.Api;
using k8s;

namespace JobSet.Kubernetes.Hosting;

/// <summary>
/// Settings of the JobSet controller, mirroring upstream's <c>config.jobset.x-k8s.io/v1alpha1</c>
/// Configuration (leader election, client QPS and burst, feature gates) plus the runtime's knobs.
/// </summary>
public sealed class JobSetControllerOptions
{
    /// <summary>
    /// The cluster to reconcile. Null: an <see cref="IKubernetes"/> registered in the service
    /// collection is used.
    /// </summary>
    public KubernetesClientConfiguration? Cluster { get; set; }

    /// <summary>The feature gates the planner honours.</summary>
    public FeatureGates FeatureGates { get; set; } = FeatureGates.Default;

    /// <summary>How many JobSets are reconciled at once (one worker per JobSet at a time).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>Whether exclusive placement violations are detected and fixed (needs pod and node watches).</summary>
    public bool PlacementController { get; set; } = true;

    /// <summary>Only the holder of a coordination.k8s.io Lease reconciles (upstream's <c>leaderElection.leaderElect</c>).</summary>
    public bool LeaderElect { get; set; }

    /// <summary>The namespace of the Lease (the controller's own namespace).</summary>
    public string LeaderElectionNamespace { get; set; } = "jobset-system";

    /// <summary>The Lease's name, as upstream's.</summary>
    public string LeaderElectionId { get; set; } = "6d4f6a47.x-k8s.io";

    /// <summary>How long a lease holds without renewal.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Client requests per second to the API server (upstream's default 500); watches are exempt.</summary>
    public double ClientQps { get; set; } = 500;

    /// <summary>Client burst above <see cref="ClientQps"/> (upstream's default 500).</summary>
    public int ClientBurst { get; set; } = 500;

    /// <summary>The clock (tests: a fake one).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>The checks <c>ValidateOnStart</c> runs; one line per problem.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Workers is < 1 or > 1000)
        {
            problems.Add($"workers must be between 1 and 1000 (got {Workers})");
        }

        if (ClientQps <= 0 || double.IsNaN(ClientQps) || double.IsInfinity(ClientQps))
        {
            problems.Add($"clientConnection.qps must be a positive number (got {ClientQps})");
        }

        if (ClientBurst < 1)
        {
            problems.Add($"clientConnection.burst must be at least 1 (got {ClientBurst})");
        }

        if (LeaderElect)
        {
            if (string.IsNullOrWhiteSpace(LeaderElectionNamespace) || string.IsNullOrWhiteSpace(LeaderElectionId))
            {
                problems.Add("leaderElection needs a namespace and a resourceName");
            }

            if (!(LeaseDuration > RenewDeadline && RenewDeadline > RetryPeriod && RetryPeriod > TimeSpan.Zero))
            {
                problems.Add("leaderElection needs leaseDuration > renewDeadline > retryPeriod > 0");
            }
        }

        return problems;
    }
}
