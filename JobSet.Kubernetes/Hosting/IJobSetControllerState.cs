using JobSet.Core.Api;

namespace JobSet.Kubernetes.Hosting;

/// <summary>What a running JobSet controller shows of itself: for health checks, live views and tests.</summary>
public interface IJobSetControllerState
{
    /// <summary>Whether every cache finished its first list (the readiness condition).</summary>
    bool Synced { get; }

    /// <summary>Whether this instance reconciles (always, without leader election).</summary>
    bool Leading { get; }

    /// <summary>Raised after the controller wrote a JobSet's status (with the new status).</summary>
    event Action<V1alpha2JobSet>? StatusWritten;

    /// <summary>The cached JobSets.</summary>
    IReadOnlyList<V1alpha2JobSet> JobSets();

    /// <summary>The approximate size of every cache (serialized bytes).</summary>
    long CacheBytes();

    /// <summary>How many child Jobs are cached.</summary>
    int CachedJobs { get; }
}
