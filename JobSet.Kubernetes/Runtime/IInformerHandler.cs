using k8s;
using k8s.Models;

namespace JobSet.Kubernetes.Runtime;

/// <summary>
/// Receives an <see cref="Informer{T}"/>'s changes after they are in its cache, one at a time and in
/// order, on the informer's loop. Handlers should be quick (enqueue a key); an exception is logged
/// and does not stop the informer.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
public interface IInformerHandler<in T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>An object appeared. <paramref name="initialList"/> is true for the objects of the first list (and for the replay to a handler added later).</summary>
    void OnAdd(T obj, bool initialList);

    /// <summary>An object changed (from a watch event, or a relist that found a new resourceVersion).</summary>
    void OnUpdate(T oldObj, T newObj);

    /// <summary>An object went away (a watch DELETED event, or a relist that no longer has it; then the last cached state).</summary>
    void OnDelete(T obj);
}
