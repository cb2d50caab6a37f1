using JobSet.Core.Api;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace JobSet.Kubernetes.Webhooks;

/// <summary>
/// <see cref="IClaimLookup"/> and <see cref="IPlacementLookup"/> reading straight from the API server
/// (a list per admission request, filtered by label selector on the server). A controller with an
/// informer cache replaces it with cache reads.
/// </summary>
/// <param name="client">The API client.</param>
public sealed class KubernetesLookups(IKubernetes client) : IClaimLookup, IPlacementLookup
{
    /// <inheritdoc />
    public async Task<IReadOnlyCollection<V1PersistentVolumeClaim>> ClaimsAsync(string namespaceName, CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. list.Items];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<V1Pod>> PodsOfJobAsync(string namespaceName, string jobKey, CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespacedPodAsync(namespaceName, labelSelector: $"{WellKnownKeys.JobKey}={jobKey}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. list.Items];
    }

    /// <inheritdoc />
    public async Task<V1Node?> NodeAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
