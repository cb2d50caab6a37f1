using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// Read access to the embedded cluster's objects: get, list and the change stream. This is
/// all an admission plugin (or the OpenAPI document) may use, so admission cannot write
/// through the store it runs inside. Objects handed out are copies.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Get is the fixed contract name, as in the Kubernetes verbs.")]
internal interface IClusterReader
{
    /// <summary>The object, or null when absent. Cluster-scoped kinds take a null namespace.</summary>
    JsonObject? Get(ResourceType type, string? ns, string name);

    /// <summary>
    /// The objects of a kind, ordered by namespace then name; <paramref name="ns"/> null lists every namespace.
    /// Selectors use the Kubernetes syntax (<c>app=x,tier in (a,b),!gone</c>; <c>spec.nodeName=n1</c>).
    /// </summary>
    IReadOnlyList<JsonObject> List(ResourceType type, string? ns, string? labelSelector = null, string? fieldSelector = null);

    /// <summary>Receives every committed change in resourceVersion order, after the write. Dispose to stop.</summary>
    IDisposable Subscribe(Action<WatchEvent> onEvent);
}
