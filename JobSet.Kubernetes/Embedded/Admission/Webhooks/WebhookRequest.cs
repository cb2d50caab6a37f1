using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;

namespace JobSet.Kubernetes.Embedded.Admission.Webhooks;

/// <summary>A request under webhook admission: what an AdmissionReview's <c>request</c> describes.</summary>
/// <param name="Operation"><c>CREATE</c>, <c>UPDATE</c> or <c>DELETE</c>.</param>
/// <param name="Resource">The kind written.</param>
/// <param name="Subresource">The subresource (<c>status</c>) or empty.</param>
/// <param name="Namespace">The namespace, or null for cluster-scoped kinds.</param>
/// <param name="Name">The object's name (empty on a create with generateName).</param>
/// <param name="Object">The incoming object (null on delete).</param>
/// <param name="OldObject">The stored object (update, delete).</param>
/// <param name="DryRun">Whether the write will not be persisted.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Object is the admission.k8s.io field name.")]
internal sealed record WebhookRequest(string Operation, ResourceType Resource, string Subresource, string? Namespace, string Name, JsonObject? Object, JsonObject? OldObject, bool DryRun)
{
    /// <summary>The operation as the options kind of the review names it.</summary>
    public string OptionsKind => Operation switch
    {
        "CREATE" => "CreateOptions",
        "UPDATE" => "UpdateOptions",
        _ => "DeleteOptions",
    };
}
