using k8s.Models;

namespace JobSet.Kubernetes.Webhooks;

/// <summary>The existing claims of a namespace, which JobSet create validation checks volume claim policies against.</summary>
public interface IClaimLookup
{
    /// <summary>The PersistentVolumeClaims in <paramref name="namespaceName"/>.</summary>
    Task<IReadOnlyCollection<V1PersistentVolumeClaim>> ClaimsAsync(string namespaceName, CancellationToken cancellationToken);
}

/// <summary>The pods and nodes exclusive placement decides from (the controller backs it with its informer cache).</summary>
public interface IPlacementLookup
{
    /// <summary>The pods of one Job: those labelled <c>jobset.sigs.k8s.io/job-key=JOBKEY</c> in the namespace.</summary>
    Task<IReadOnlyList<V1Pod>> PodsOfJobAsync(string namespaceName, string jobKey, CancellationToken cancellationToken);

    /// <summary>A node by name, or null.</summary>
    Task<V1Node?> NodeAsync(string name, CancellationToken cancellationToken);
}
