using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;

namespace JobSet.Kubernetes.Embedded.Admission;

/// <summary>What is being written.</summary>
internal enum AdmissionOperation
{
    /// <summary>A new object.</summary>
    Create,

    /// <summary>A change to an existing object (update or patch of the main resource).</summary>
    Update,
}

/// <summary>A write under admission.</summary>
/// <param name="Operation">Create or update.</param>
/// <param name="Resource">The kind.</param>
/// <param name="Object">The incoming object; a mutating plugin changes it in place.</param>
/// <param name="OldObject">The stored object for an update: the store's own copy, read it only.</param>
/// <param name="Objects">Read access to the cluster, for related objects (e.g. the namespace's claims); admission never writes.</param>
/// <param name="DryRun">Whether the write will not be persisted.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Object is the admission.k8s.io field name.")]
internal sealed record AdmissionRequest(AdmissionOperation Operation, ResourceType Resource, JsonObject Object, JsonObject? OldObject, IClusterReader Objects, bool DryRun)
{
    /// <summary>The request's field validation directive (<c>Strict</c>, <c>Warn</c>, <c>Ignore</c>), or null for in-process writes.</summary>
    public string? FieldValidation { get; init; }

    /// <summary>Warnings to return to the client, when it can receive them.</summary>
    public IList<string>? Warnings { get; init; }
}
