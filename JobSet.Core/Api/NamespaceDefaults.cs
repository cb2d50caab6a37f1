using k8s;
using k8s.Models;

namespace JobSet.Core.Api;

/// <summary>
/// The namespace of an object as the API server reads it: an object without
/// <c>metadata.namespace</c> is in <c>default</c>. The other metadata lookups come from
/// KubernetesClient's <c>ModelExtensions</c> (<c>GetLabel</c>, <c>GetAnnotation</c>, <c>Namespace()</c>).
/// </summary>
public static class NamespaceDefaults
{
    /// <summary>The namespace of objects that name none.</summary>
    public const string Default = "default";

    /// <summary>The object's namespace, or <see cref="Default"/> when it names none (null or empty).</summary>
    public static string NamespaceOrDefault(this IMetadata<V1ObjectMeta> obj) =>
        obj?.Metadata?.NamespaceProperty is { Length: > 0 } ns ? ns : Default;
}
