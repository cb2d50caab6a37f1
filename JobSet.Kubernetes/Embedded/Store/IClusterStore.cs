using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// The embedded cluster's object store: every object as its full Kubernetes JSON, keyed by
/// resource type, namespace and name, with API-server semantics (uid, resourceVersion,
/// generation, optimistic concurrency, finalizers, owner-reference garbage collection).
/// Objects handed out are copies: mutate them freely and write them back.
/// </summary>
internal interface IClusterStore : IClusterReader
{
    /// <summary>The clock every timestamp comes from.</summary>
    TimeProvider Time { get; }

    /// <summary>Stores a new object (honouring generateName) and returns it as stored. Throws <see cref="StoreException"/> (AlreadyExists, Invalid, NotFound namespace, Forbidden terminating namespace).</summary>
    JsonObject Create(ResourceType type, JsonObject obj);

    /// <summary>Replaces metadata and spec (status is kept for kinds with a status subresource). A set, stale <c>metadata.resourceVersion</c> is a 409 Conflict.</summary>
    JsonObject Update(ResourceType type, JsonObject obj);

    /// <summary>Replaces only the status (status subresource write). A set, stale <c>metadata.resourceVersion</c> is a 409 Conflict.</summary>
    JsonObject UpdateStatus(ResourceType type, JsonObject obj);

    /// <summary>
    /// Deletes the object: with finalizers it only gets a deletionTimestamp; dependents are
    /// garbage collected per <paramref name="propagationPolicy"/> (<c>Background</c>, <c>Foreground</c>,
    /// <c>Orphan</c>; null means the kind's default: Orphan for batch/v1 Jobs, Background otherwise).
    /// Returns the object's last state, or null when it did not exist.
    /// </summary>
    JsonObject? Delete(ResourceType type, string? ns, string name, string? propagationPolicy = null);

    /// <summary>
    /// Binds a pod (the <c>pods/binding</c> subresource): sets <c>spec.nodeName</c> and the status from
    /// <paramref name="pod"/> in one write. Throws <see cref="StoreException"/> (Conflict when already
    /// bound, deleting, stale or another uid; NotFound).
    /// </summary>
    JsonObject Bind(JsonObject pod);
}
