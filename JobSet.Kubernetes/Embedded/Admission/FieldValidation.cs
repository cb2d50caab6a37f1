using System.Reflection;
using System.Text.Json.Nodes;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;
using JobSet.Core.Api;

namespace JobSet.Kubernetes.Embedded.Admission;

/// <summary>
/// Server-side field validation (<c>?fieldValidation=Strict|Warn|Ignore</c>, what kubectl sends as
/// <c>Strict</c>): unknown or misspelt fields of the known kinds are found by walking the JSON
/// along the typed model. Strict refuses the write with 400 BadRequest
/// (<c>... strict decoding error: unknown field "spec.x"</c>), Warn returns warnings, Ignore and
/// in-process writes skip the check. Runs first in the admission chain, before pruning.
/// </summary>
internal sealed class FieldValidation : IAdmissionPlugin
{
    private static readonly MethodInfo UnknownFieldsMethod = typeof(KubeSerializer).GetMethod(nameof(KubeSerializer.UnknownFields))!;
    private static readonly MethodInfo FromNodeMethod = typeof(KubeSerializer).GetMethod(nameof(KubeSerializer.FromNode))!;

    private static readonly Dictionary<ResourceType, Type> Models = new()
    {
        [ResourceType.Pods] = typeof(V1Pod),
        [ResourceType.Jobs] = typeof(V1Job),
        [ResourceType.Services] = typeof(V1Service),
        [ResourceType.ConfigMaps] = typeof(V1ConfigMap),
        [ResourceType.Secrets] = typeof(V1Secret),
        [ResourceType.ServiceAccounts] = typeof(V1ServiceAccount),
        [ResourceType.Namespaces] = typeof(V1Namespace),
        [ResourceType.Nodes] = typeof(V1Node),
        [ResourceType.PersistentVolumeClaims] = typeof(V1PersistentVolumeClaim),
        [ResourceType.Leases] = typeof(V1Lease),
        [ResourceType.Events] = typeof(Corev1Event),
        [ResourceType.EventsV1] = typeof(Eventsv1Event),
        [ResourceType.JobSets] = typeof(V1alpha2JobSet),
    };

    /// <summary>
    /// A built-in object whose fields have the wrong JSON types (containers as a string, ...)
    /// cannot be decoded by a real API server: 400 BadRequest naming the field. JobSets are
    /// decoded by the JobSet admission plugin.
    /// </summary>
    private static void CheckTypes(AdmissionRequest request, Type model)
    {
        try
        {
            FromNodeMethod.MakeGenericMethod(model).Invoke(null, [(JsonNode)request.Object, $"{request.Resource.Kind} in version \"{request.Resource.Version}\" cannot be handled as a {request.Resource.Kind}"]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is ManifestException manifest)
        {
            throw StoreException.BadRequest(manifest.Message);
        }
    }

    /// <inheritdoc />
    public void Admit(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.FieldValidation is null || !Models.TryGetValue(request.Resource, out var model))
        {
            return;
        }

        if (request.Resource != ResourceType.JobSets)
        {
            CheckTypes(request, model);
        }

        if (request.FieldValidation == "Ignore")
        {
            return;
        }

        var unknown = (IReadOnlyList<string>)UnknownFieldsMethod.MakeGenericMethod(model).Invoke(null, [(JsonNode)request.Object])!;
        if (unknown.Count == 0)
        {
            return;
        }

        var fields = unknown.Select(f => $"unknown field \"{f}\"").ToList();
        if (request.FieldValidation == "Strict")
        {
            var kind = request.Resource.Kind;
            throw StoreException.BadRequest($"{kind} in version \"{request.Resource.Version}\" cannot be handled as a {kind}: strict decoding error: {string.Join(", ", fields)}");
        }

        foreach (var field in fields)
        {
            request.Warnings?.Add(field);
        }
    }
}
