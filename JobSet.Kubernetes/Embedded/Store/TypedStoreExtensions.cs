using System.Text.Json;
using System.Text.Json.Nodes;
using JobSet.Core.Serialization;
using k8s;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>Typed access to the store: objects convert through the project's wire format (<see cref="KubeSerializer"/>).</summary>
internal static class TypedStoreExtensions
{
    /// <summary>The object as <typeparamref name="T"/>, or null when absent.</summary>
    public static T? Get<T>(this IClusterReader store, ResourceType type, string? ns, string name)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Get(type, ns, name) is { } node ? FromJson<T>(node) : null;
    }

    /// <summary>The objects of a kind as <typeparamref name="T"/>.</summary>
    public static IReadOnlyList<T> List<T>(this IClusterReader store, ResourceType type, string? ns, string? labelSelector = null, string? fieldSelector = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [.. store.List(type, ns, labelSelector, fieldSelector).Select(FromJson<T>)];
    }

    /// <summary>Creates a typed object and returns it as stored.</summary>
    public static T Create<T>(this IClusterStore store, ResourceType type, T obj)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        return FromJson<T>(store.Create(type, ToJson(type, obj)));
    }

    /// <summary>Updates a typed object (metadata and spec) and returns it as stored.</summary>
    public static T Update<T>(this IClusterStore store, ResourceType type, T obj)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        return FromJson<T>(store.Update(type, ToJson(type, obj)));
    }

    /// <summary>Writes a typed object's status and returns the object as stored.</summary>
    public static T UpdateStatus<T>(this IClusterStore store, ResourceType type, T obj)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        return FromJson<T>(store.UpdateStatus(type, ToJson(type, obj)));
    }

    /// <summary>KubernetesClient's serializer options (its converters for quantities, int-or-string, times), read once.</summary>
    private static readonly Lazy<JsonSerializerOptions> Options = new(() =>
    {
        JsonSerializerOptions? options = null;
        // AddJsonOptions hands out the client's own options instance; nothing is changed here.
        KubernetesJson.AddJsonOptions(o => options = o);
        return options ?? throw new InvalidOperationException("KubernetesJson has no serializer options");
    });

    /// <summary>Binds a typed pod to its <c>spec.nodeName</c> with its status (one write, as the binding subresource) and returns it as stored.</summary>
    public static k8s.Models.V1Pod Bind(this IClusterStore store, k8s.Models.V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(store);
        return FromJson<k8s.Models.V1Pod>(store.Bind(ToJson(ResourceType.Pods, pod)));
    }

    /// <summary>Converts a stored object to <typeparamref name="T"/> (straight from the node's UTF-8, with KubernetesClient's converters: no string in between).</summary>
    public static T FromJson<T>(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Deserialize<T>(Options.Value)!;
    }

    /// <summary>Converts a typed object to JSON with apiVersion and kind set for <paramref name="type"/>.</summary>
    public static JsonObject ToJson(ResourceType type, object obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var node = KubeSerializer.ToNode(obj).AsObject();
        node["apiVersion"] ??= type.ApiVersion;
        node["kind"] ??= type.Kind;
        return node;
    }
}
