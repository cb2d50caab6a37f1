namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>What a queued piece of simulation work is about.</summary>
internal enum WorkKind
{
    /// <summary>Reconcile a Job (the Job controller).</summary>
    Job,

    /// <summary>Advance a pod (the scheduler when unbound, the kubelet when bound).</summary>
    Pod,

    /// <summary>Retry every unschedulable pod (capacity or nodes changed).</summary>
    RetryUnschedulable,

    /// <summary>A node went away: its pods fail.</summary>
    NodeGone,
}

/// <summary>One key of the simulation's work queue.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Namespace">The object's namespace (null for nodes and retries).</param>
/// <param name="Name">The object's name.</param>
internal readonly record struct WorkItem(WorkKind Kind, string? Namespace, string Name);
