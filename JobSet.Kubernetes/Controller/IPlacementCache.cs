using k8s.Models;

namespace JobSet.Kubernetes.Controller;

/// <summary>What the placement controller reads from the watch-fed caches.</summary>
internal interface IPlacementCache
{
    /// <summary>The cached pod, or null.</summary>
    V1Pod? Pod(string ns, string name);

    /// <summary>The cached pods of a namespace labelled with this job-key.</summary>
    IReadOnlyList<V1Pod> PodsOfJob(string ns, string jobKey);

    /// <summary>The cached node, or null.</summary>
    V1Node? Node(string name);
}
