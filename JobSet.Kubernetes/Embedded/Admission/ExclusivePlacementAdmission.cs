using System.Text.Json.Nodes;
using JobSet.Core.Api;
using JobSet.Core.Placement;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Admission;

/// <summary>
/// Upstream's pod webhooks (mutating <c>mpod.kb.io</c>, validating <c>vpod.kb.io</c>) in the
/// request path: on pod create, <see cref="PodAdmission.Admit"/> adds the exclusive-placement
/// affinities or the follower's nodeSelector, or refuses the pod while its leader is not yet
/// scheduled. Pods that are not JobSet pods using exclusive placement pass untouched.
/// The leader is looked up among the pods sharing the new pod's job-key (one Job's pods) in an
/// index kept from the store's change stream, so a pod create costs O(pods of its Job).
/// </summary>
/// <param name="store">The store whose pods are indexed (for its lifetime).</param>
internal sealed class ExclusivePlacementAdmission(IClusterReader store) : IAdmissionPlugin
{
    /// <summary>The name upstream's validating pod webhook is registered under.</summary>
    public const string ValidatingWebhookName = "vpod.kb.io";

    private readonly ExclusivePodIndex pods = new(store);

    /// <inheritdoc />
    public void Admit(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Resource != ResourceType.Pods || request.Operation != AdmissionOperation.Create || !UsesExclusivePlacement(request.Object))
        {
            return;
        }

        var name = ObjectMeta.Name(request.Object) ?? "";
        V1Pod pod;
        try
        {
            pod = KubeSerializer.FromNode<V1Pod>(request.Object, $"pods \"{name}\"");
        }
        catch (ManifestException ex)
        {
            throw StoreException.BadRequest(ex.Message);
        }

        var result = PodAdmission.Admit(pod, BuildIndex(request.Objects, pod));
        if (!result.Allowed)
        {
            throw StoreException.Forbidden(ResourceType.Pods, name, $"admission webhook \"{ValidatingWebhookName}\" denied the request: {result.Message}");
        }

        // Only the fields the webhook mutates are written back, so that fields the typed model
        // does not know survive untouched.
        var mutated = KubeSerializer.ToNode(result.Pod).AsObject();
        Kubernetes.Webhooks.PodMutationFields.CopyInto(mutated, request.Object);
    }

    private static bool UsesExclusivePlacement(JsonObject pod) =>
        pod["metadata"]?["annotations"] is JsonObject annotations
        && annotations.ContainsKey(WellKnownKeys.ExclusiveTopology)
        && annotations.ContainsKey(WellKnownKeys.JobSetName);

    private PlacementIndex BuildIndex(IClusterReader store, V1Pod pod)
    {
        if (pod.GetLabel(WellKnownKeys.JobKey) is not { } jobKey)
        {
            return PlacementIndex.Empty;
        }

        var siblings = pods.PodsOf(pod.NamespaceOrDefault(), jobKey);
        var nodes = new List<V1Node>();
        foreach (var nodeName in siblings.Where(p => PodFacts.IsLeader(p) && PodFacts.IsScheduled(p)).Select(p => p.Spec.NodeName).Distinct(StringComparer.Ordinal))
        {
            if (store.Get<V1Node>(ResourceType.Nodes, null, nodeName) is { } node)
            {
                nodes.Add(node);
            }
        }

        return PlacementIndex.Build(siblings, nodes);
    }
}
