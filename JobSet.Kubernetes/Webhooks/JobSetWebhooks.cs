using System.Text;
using System.Text.Json.Nodes;
using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Placement;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Kubernetes.Webhooks;

/// <summary>
/// Upstream's four admission webhooks over <see cref="JobSet.Core"/>: JobSet defaulting
/// (<see cref="JobSetDefaulter"/>, answered with a JSON patch of <c>spec</c>), JobSet validation
/// (<see cref="JobSetValidator"/>, create against the namespace's claims, update against the old
/// JobSet), pod defaulting (<see cref="PodMutation"/>, a patch of labels, affinity and nodeSelector)
/// and pod validation (<see cref="PodValidation"/>). Refusals are 403 with upstream's message;
/// an object that cannot be decoded is 400.
/// </summary>
/// <param name="gates">The feature gates validation honours.</param>
/// <param name="claims">Where create validation finds existing claims.</param>
/// <param name="placement">Where exclusive placement finds a Job's pods and nodes.</param>
public sealed class JobSetWebhooks(FeatureGates gates, IClaimLookup claims, IPlacementLookup placement)
{
    /// <summary><c>mjobset.kb.io</c>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "One handler shape for all four webhooks.")]
    public Task<AdmissionReviewResponse> MutateJobSetAsync(AdmissionReviewRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(MutateJobSet(request));
    }

    private static AdmissionReviewResponse MutateJobSet(AdmissionReviewRequest request)
    {
        if (request.Object is not { } obj)
        {
            return Allow(request);
        }

        if (Decode<V1alpha2JobSet>(request, obj) is not { } jobSet)
        {
            return BadRequest(request, $"cannot decode the JobSet \"{request.Name}\"");
        }

        var defaulted = KubeSerializer.ToNode(JobSetDefaulter.Apply(jobSet)).AsObject();
        var target = obj.DeepClone().AsObject();
        target["spec"] = defaulted["spec"]?.DeepClone();
        return Patched(request, obj, target);
    }

    /// <summary><c>vjobset.kb.io</c>.</summary>
    public async Task<AdmissionReviewResponse> ValidateJobSetAsync(AdmissionReviewRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Object is not { } obj || Decode<V1alpha2JobSet>(request, obj) is not { } jobSet)
        {
            return request.Object is null ? Allow(request) : BadRequest(request, $"cannot decode the JobSet \"{request.Name}\"");
        }

        ValidationResult result;
        if (request.Operation == "UPDATE" && request.OldObject is { } oldObj)
        {
            if (Decode<V1alpha2JobSet>(request, oldObj) is not { } old)
            {
                return BadRequest(request, $"cannot decode the stored JobSet \"{request.Name}\"");
            }

            result = JobSetValidator.ValidateUpdate(jobSet, old, gates);
        }
        else
        {
            var ns = request.Namespace ?? jobSet.Metadata?.NamespaceProperty ?? "default";
            result = JobSetValidator.ValidateCreate(jobSet, gates, await claims.ClaimsAsync(ns, cancellationToken).ConfigureAwait(false));
        }

        if (result.IsValid)
        {
            return Allow(request);
        }

        // controller-runtime's aggregate error: one message, or several in brackets.
        var messages = result.Errors.Select(e => e.ToString()).ToList();
        return Deny(request, messages.Count == 1 ? messages[0] : $"[{string.Join(", ", messages)}]");
    }

    /// <summary><c>mpod.kb.io</c>.</summary>
    public Task<AdmissionReviewResponse> MutatePodAsync(AdmissionReviewRequest request, CancellationToken cancellationToken) =>
        OnPodCreateAsync(request, (obj, pod, index) => PodMutation.Apply(pod, index).Match(
            mutated =>
            {
                // Only the fields the webhook sets are written back, so fields the typed model
                // does not know are never removed by the patch.
                var node = KubeSerializer.ToNode(mutated).AsObject();
                var target = obj.DeepClone().AsObject();
                PodMutationFields.CopyInto(node, target);
                return Patched(request, obj, target);
            },
            denial => Deny(request, denial.Message)), cancellationToken);

    /// <summary><c>vpod.kb.io</c>.</summary>
    public Task<AdmissionReviewResponse> ValidatePodAsync(AdmissionReviewRequest request, CancellationToken cancellationToken) =>
        OnPodCreateAsync(request, (_, pod, index) => PodValidation.ValidateCreate(pod, index).Match(_ => Allow(request), denial => Deny(request, denial.Message)), cancellationToken);

    /// <summary>Both pod webhooks act on creates only: decode the pod, index its Job's pods, then decide.</summary>
    private async Task<AdmissionReviewResponse> OnPodCreateAsync(AdmissionReviewRequest request, Func<JsonObject, V1Pod, PlacementIndex, AdmissionReviewResponse> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Object is not { } obj || request.Operation != "CREATE")
        {
            return Allow(request);
        }

        if (Decode<V1Pod>(request, obj) is not { } pod)
        {
            return BadRequest(request, $"cannot decode the pod \"{request.Name}\"");
        }

        pod.Metadata ??= new V1ObjectMeta();
        pod.Metadata.NamespaceProperty ??= request.Namespace;
        var index = await IndexAsync(pod, cancellationToken).ConfigureAwait(false);
        return decide(obj, pod, index);
    }

    /// <summary>The pods of the pod's Job and the nodes their scheduled leaders run on; empty unless the pod uses exclusive placement.</summary>
    private async Task<PlacementIndex> IndexAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        if (PodFacts.ExclusiveTopologyKey(pod) is null || pod.GetLabel(WellKnownKeys.JobKey) is not { } jobKey)
        {
            return PlacementIndex.Empty;
        }

        var pods = await placement.PodsOfJobAsync(pod.NamespaceOrDefault(), jobKey, cancellationToken).ConfigureAwait(false);
        var nodes = new List<V1Node>();
        foreach (var nodeName in pods.Where(p => PodFacts.IsLeader(p) && PodFacts.IsScheduled(p)).Select(p => p.Spec.NodeName).Distinct(StringComparer.Ordinal))
        {
            if (await placement.NodeAsync(nodeName, cancellationToken).ConfigureAwait(false) is { } node)
            {
                nodes.Add(node);
            }
        }

        return PlacementIndex.Build(pods, nodes);
    }

    private static T? Decode<T>(AdmissionReviewRequest request, JsonObject obj)
        where T : class
    {
        try
        {
            return KubeSerializer.FromNode<T>(obj, request.Name ?? "");
        }
        catch (ManifestException)
        {
            return null;
        }
    }

    private static AdmissionReviewResponse Patched(AdmissionReviewRequest request, JsonObject original, JsonObject target)
    {
        var ops = JsonPatchDiff.Create(original, target);
        var response = Allow(request);
        if (ops.Count > 0)
        {
            response.Patch = Convert.ToBase64String(Encoding.UTF8.GetBytes(ops.ToJsonString()));
            response.PatchType = "JSONPatch";
        }

        return response;
    }

    private static AdmissionReviewResponse Allow(AdmissionReviewRequest request) => new() { Uid = request.Uid, Allowed = true };

    private static AdmissionReviewResponse Deny(AdmissionReviewRequest request, string message) => new()
    {
        Uid = request.Uid,
        Allowed = false,
        Status = new AdmissionStatus { Code = 403, Reason = "Forbidden", Message = message },
    };

    private static AdmissionReviewResponse BadRequest(AdmissionReviewRequest request, string message) => new()
    {
        Uid = request.Uid,
        Allowed = false,
        Status = new AdmissionStatus { Code = 400, Reason = "BadRequest", Message = message },
    };
}
