using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Kubernetes.Controller;

/// <summary>
/// What the reconciler reads: the watch-fed caches, each lookup O(1) or O(children).
/// </summary>
internal interface IControllerCache
{
    /// <summary>The cached JobSet, or null when it does not exist.</summary>
    V1alpha2JobSet? JobSet(JobSetKey key);

    /// <summary>The cached Jobs whose controller owner has this UID.</summary>
    IReadOnlyList<V1Job> JobsOwnedBy(string uid);

    /// <summary>The cached Job of this name, or null.</summary>
    V1Job? Job(string ns, string name);

    /// <summary>The cached Service of this name, or null.</summary>
    V1Service? Service(string ns, string name);

    /// <summary>The cached claims labelled with this JobSet's name.</summary>
    IReadOnlyList<V1PersistentVolumeClaim> ClaimsOf(JobSetKey key);
}
