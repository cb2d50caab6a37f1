using JobSet.Kubernetes.Embedded.Store;

namespace JobSet.Kubernetes.Embedded.Admission;

/// <summary>
/// The one place the embedded cluster's admission plugins are chosen and ordered, as a real
/// API server's admission chain: strict field decoding first, then the kind's own admission
/// (JobSet defaulting and validation, or the stored CRD's schema on a plain API server), then
/// pod priority, then upstream's pod webhooks for exclusive placement. These run inside the
/// store's write, in-process writers included; the admission webhooks a plain API server calls
/// run before it, in the HTTP request path (<see cref="Webhooks.WebhookWrites"/>).
/// </summary>
internal static class AdmissionChain
{
    /// <summary>The plugins for a cluster with <paramref name="options"/>, reading through <paramref name="objects"/>.</summary>
    public static IReadOnlyList<IAdmissionPlugin> For(EmbeddedClusterOptions options, IClusterReader objects)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PlainApiServer
            ? [new FieldValidation(), new CustomResourceSchemaAdmission(), new PodPriorityAdmission()]
            : [new FieldValidation(), new JobSetAdmission(options.FeatureGates), new PodPriorityAdmission(), new ExclusivePlacementAdmission(objects)];
    }
}
