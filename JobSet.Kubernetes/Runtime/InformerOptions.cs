using k8s;
using k8s.Models;

namespace JobSet.Kubernetes.Runtime;

/// <summary>Settings of an <see cref="Informer{T}"/>. <see cref="InformerOptions{T}"/> adds a typed transform.</summary>
public class InformerOptions
{
    /// <summary>
    /// Applied to every object before it is cached and handed to handlers (mutate in place). The
    /// default drops <c>metadata.managedFields</c>, which a controller never reads and which can be a
    /// large share of an object's size. Null caches objects as received. Ignored when the options
    /// are an <see cref="InformerOptions{T}"/> (its typed transform applies).
    /// </summary>
    public Action<IKubernetesObject<V1ObjectMeta>>? Transform { get; set; } = DropManagedFields;

    /// <summary>A watch that delivers no event and no bookmark for this long is restarted (from the last resourceVersion).</summary>
    public TimeSpan WatchIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The <c>limit</c> of each list page.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>The first wait after a failed list or watch; it doubles (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between failed list or watch attempts.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The shortest watch <c>timeoutSeconds</c>; each watch picks one at random up to twice this (client-go: 5 to 10 minutes).</summary>
    public TimeSpan MinWatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock of backoffs and the watchdog.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>The default transform: clears <c>metadata.managedFields</c>.</summary>
    public static void DropManagedFields(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.Metadata is { } meta)
        {
            meta.ManagedFields = null;
        }
    }

    internal Action<T>? TransformFor<T>()
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (this is InformerOptions<T> typed)
        {
            return typed.Transform;
        }

        var untyped = Transform;
        return untyped is null ? null : o => untyped(o);
    }
}

/// <summary>Informer settings with a transform typed to the cached kind.</summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed class InformerOptions<T> : InformerOptions
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Applied to every object before it is cached (default: drop <c>metadata.managedFields</c>); replaces the untyped one.</summary>
    public new Action<T>? Transform { get; set; } = DropManagedFields;
}
