using System.Text.Json.Nodes;
using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Admission;

/// <summary>
/// The JobSet webhooks in the request path: on create and update the JobSet is defaulted
/// (<see cref="JobSetDefaulter.Apply"/>) and validated (<see cref="JobSetValidator.ValidateCreate"/>
/// with the namespace's claims, <see cref="JobSetValidator.ValidateUpdate"/> against the stored
/// JobSet). A rejection is a 422 Invalid Status listing the field errors. The stored spec is the
/// typed, defaulted spec, so unknown fields are pruned as a structural CRD schema prunes them.
/// </summary>
/// <param name="gates">The feature gates the validator honours.</param>
internal sealed class JobSetAdmission(FeatureGates gates) : IAdmissionPlugin
{
    /// <summary>The feature gates in effect.</summary>
    public FeatureGates Gates { get; } = gates;

    /// <inheritdoc />
    public void Admit(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Resource != ResourceType.JobSets)
        {
            return;
        }

        var name = ObjectMeta.Name(request.Object) ?? "";
        var jobSet = JobSetDefaulter.Apply(Decode(request.Object, name));
        var result = request.Operation == AdmissionOperation.Create
            ? JobSetValidator.ValidateCreate(jobSet, Gates, request.Objects.List<V1PersistentVolumeClaim>(ResourceType.PersistentVolumeClaims, ObjectMeta.Namespace(request.Object)))
            : JobSetValidator.ValidateUpdate(jobSet, Decode(request.OldObject!, name), Gates);
        if (!result.IsValid)
        {
            throw StoreException.Invalid(ResourceType.JobSets, name, [.. result.Errors.Select(e => new StoreCause(e.Path, e.Message))]);
        }

        var defaulted = KubeSerializer.ToNode(jobSet).AsObject();
        request.Object["spec"] = defaulted["spec"]?.DeepClone();
    }

    private static V1alpha2JobSet Decode(JsonObject obj, string name)
    {
        try
        {
            return KubeSerializer.FromNode<V1alpha2JobSet>(obj, $"JobSet.{ApiGroup.Name} \"{name}\"");
        }
        catch (ManifestException ex)
        {
            throw StoreException.BadRequest(ex.Message);
        }
    }
}
