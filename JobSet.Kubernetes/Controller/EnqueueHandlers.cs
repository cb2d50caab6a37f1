using JobSet.Core.Api;
using JobSet.Kubernetes.Runtime;
using k8s;
using k8s.Models;

namespace JobSet.Kubernetes.Controller;

/// <summary>
/// Maps watch events to work-queue keys, as controller-runtime's For/Owns handlers: a JobSet
/// event enqueues the JobSet; a child event enqueues the JobSet that controls it (Jobs and
/// Services by controller owner reference, claims by their jobset-name label).
/// </summary>
internal sealed class EnqueueHandler<T> : IInformerHandler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Func<T, JobSetKey?> map;
    private readonly Action<JobSetKey> enqueue;

    public EnqueueHandler(Func<T, JobSetKey?> map, Action<JobSetKey> enqueue)
    {
        this.map = map;
        this.enqueue = enqueue;
    }

    public void OnAdd(T obj, bool initialList) => Enqueue(obj);

    public void OnUpdate(T oldObj, T newObj)
    {
        // A child that moved to another owner enqueues both JobSets.
        if (map(oldObj) is { } old && old != map(newObj))
        {
            enqueue(old);
        }

        Enqueue(newObj);
    }

    public void OnDelete(T obj) => Enqueue(obj);

    private void Enqueue(T obj)
    {
        if (map(obj) is { } key)
        {
            enqueue(key);
        }
    }
}

/// <summary>The key maps of <see cref="EnqueueHandler{T}"/>.</summary>
internal static class KeyMaps
{
    public static JobSetKey? Self(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata?.Name is { } name ? new JobSetKey(obj.NamespaceOrDefault(), name) : null;

    /// <summary>The JobSet that controls the object (apiVersion jobset.x-k8s.io/v1alpha2, kind JobSet), as upstream's Owns().</summary>
    public static JobSetKey? ControllingJobSet(IKubernetesObject<V1ObjectMeta> obj)
    {
        foreach (var owner in obj.Metadata?.OwnerReferences ?? [])
        {
            if (owner.Controller == true && owner.Kind == ApiGroup.JobSetKind && owner.ApiVersion == ApiGroup.ApiVersion)
            {
                return new JobSetKey(obj.NamespaceOrDefault(), owner.Name);
            }
        }

        return null;
    }

    public static JobSetKey? LabelledJobSet(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata is not null && obj.GetLabel(WellKnownKeys.JobSetName) is { Length: > 0 } name
            ? new JobSetKey(obj.NamespaceOrDefault(), name)
            : null;
}
