using k8s;
using k8s.Models;

namespace JobSet.Kubernetes.Runtime;

/// <summary>Index functions for <see cref="Informer{T}.AddIndex"/>.</summary>
public static class Indexes
{
    /// <summary>A conventional name for the <see cref="ControllerUid"/> index.</summary>
    public const string ControllerUidName = "controller-uid";

    /// <summary>Files an object under the UID of its controller owner reference (none: not indexed).</summary>
    public static Func<IKubernetesObject<V1ObjectMeta>, IEnumerable<string>> ControllerUid { get; } = static obj =>
        obj.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is { Uid: { Length: > 0 } uid } ? [uid] : [];

    /// <summary>Files an object under the value of one label (absent: not indexed).</summary>
    public static Func<IKubernetesObject<V1ObjectMeta>, IEnumerable<string>> Label(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return obj => obj.Metadata?.Labels is { } labels && labels.TryGetValue(key, out var value) ? [value] : [];
    }

    /// <summary>Files an object under its namespace.</summary>
    public static Func<IKubernetesObject<V1ObjectMeta>, IEnumerable<string>> Namespace { get; } = static obj =>
        [obj.Metadata?.NamespaceProperty ?? ""];
}
