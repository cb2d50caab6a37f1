namespace JobSet.Kubernetes.Runtime;

/// <summary>Settings of <see cref="LeaderElection"/> (controller-runtime's defaults).</summary>
public sealed class LeaderElectionOptions
{
    /// <summary>The namespace of the Lease.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>The Lease's name (upstream JobSet's leader election ID).</summary>
    public string LeaseName { get; set; } = "6d4f6a47.x-k8s.io";

    /// <summary>This candidate's identity in the Lease's <c>holderIdentity</c> (default: host name, <c>_</c>, a new GUID).</summary>
    public string Identity { get; set; } = $"{Environment.MachineName}_{Guid.NewGuid()}";

    /// <summary>How long a Lease holds without renewal before another candidate may take it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leadership.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire and the leader renews.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long releasing the Lease on a graceful stop may take.</summary>
    public TimeSpan ReleaseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws when the settings cannot work (the checks client-go makes).</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Namespace, nameof(Namespace));
        ArgumentException.ThrowIfNullOrEmpty(LeaseName, nameof(LeaseName));
        ArgumentException.ThrowIfNullOrEmpty(Identity, nameof(Identity));
        if (LeaseDuration < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("LeaseDuration must be at least 1 s (the Lease stores whole seconds)", nameof(LeaseDuration));
        }

        if (RenewDeadline >= LeaseDuration)
        {
            throw new ArgumentException("RenewDeadline must be shorter than LeaseDuration", nameof(RenewDeadline));
        }

        if (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod * 1.2)
        {
            throw new ArgumentException("RenewDeadline must be longer than 1.2 x RetryPeriod, and RetryPeriod positive", nameof(RetryPeriod));
        }
    }
}
