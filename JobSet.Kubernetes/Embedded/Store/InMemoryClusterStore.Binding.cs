using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>The pod binding subresource: a scheduler's bind is one write.</summary>
internal sealed partial class InMemoryClusterStore
{
    /// <summary>
    /// Binds a pod to a node as the API server's <c>pods/binding</c> subresource does: one write
    /// that sets <c>spec.nodeName</c> and the status (with its PodScheduled condition) from
    /// <paramref name="pod"/>, everything else kept as stored. A pod already bound, or being
    /// deleted, is a 409 Conflict, as are a stale resourceVersion and another uid.
    /// </summary>
    public JsonObject Bind(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var nodeName = pod["spec"]?["nodeName"]?.GetValue<string>();
        var ns = ObjectMeta.Namespace(pod) ?? "";
        var name = ObjectMeta.Name(pod) ?? "";
        if (string.IsNullOrEmpty(nodeName))
        {
            throw StoreException.Invalid(ResourceType.Pods, name, [new("target.name", "Required value")]);
        }

        return Write(() =>
        {
            var key = Key(ResourceType.Pods, ns, name);
            var existing = Find(key) ?? throw StoreException.NotFound(ResourceType.Pods, name);
            if ((ObjectMeta.ResourceVersion(pod) is { Length: > 0 } rv && rv != ObjectMeta.ResourceVersion(existing))
                || (ObjectMeta.Uid(pod) is { Length: > 0 } uid && uid != ObjectMeta.Uid(existing)))
            {
                throw StoreException.Conflict(ResourceType.Pods, name);
            }

            if (ObjectMeta.IsDeleting(existing))
            {
                throw new StoreException(409, "Conflict", $"Operation cannot be fulfilled on pods/binding \"{name}\": pod {name} is being deleted, cannot be assigned to a host", new(name, "", "pods"));
            }

            if (existing["spec"]?["nodeName"]?.GetValue<string>() is { Length: > 0 } already)
            {
                throw new StoreException(409, "Conflict", $"Operation cannot be fulfilled on pods/binding \"{name}\": pod {name} is already assigned to node \"{already}\"", new(name, "", "pods"));
            }

            var next = Clone(existing);
            next["spec"]!["nodeName"] = nodeName;
            next["status"] = pod["status"]?.DeepClone();
            Put(key, next, WatchEvent.Modified, existing);
            return Clone(next);
        });
    }
}
