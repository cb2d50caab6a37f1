using JobSet.Core.Api;
using JobSet.Core.Placement;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Admission;

/// <summary>
/// The pods of JobSets using exclusive placement, kept from the store's change stream and keyed
/// by namespace and job-key, as upstream's webhook reads them from its informer cache through a
/// field index. A pod create then looks at its own Job's few pods instead of listing every pod.
/// Like an informer cache it trails the store by the events not yet delivered.
/// </summary>
internal sealed class ExclusivePodIndex
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Ns, string JobKey), Dictionary<string, V1Pod>> podsByJobKey = [];

    /// <summary>Starts indexing every pod change of <paramref name="store"/> for the store's lifetime.</summary>
    public ExclusivePodIndex(IClusterReader store)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.Subscribe(OnEvent);
    }

    /// <summary>The indexed pods of one Job (by its job-key), in no particular order.</summary>
    public IReadOnlyList<V1Pod> PodsOf(string ns, string jobKey)
    {
        lock (gate)
        {
            return podsByJobKey.TryGetValue((ns, jobKey), out var pods) ? [.. pods.Values] : [];
        }
    }

    private void OnEvent(WatchEvent change)
    {
        if (change.Resource != ResourceType.Pods
            || change.Object["metadata"]?["annotations"]?[WellKnownKeys.ExclusiveTopology] is null
            || change.Object["metadata"]?["labels"]?[WellKnownKeys.JobKey]?.GetValue<string>() is not { } jobKey)
        {
            return;
        }

        var pod = KubeSerializer.FromNode<V1Pod>(change.Object, "pod event");
        var key = (pod.NamespaceOrDefault(), jobKey);
        lock (gate)
        {
            if (change.Type == WatchEvent.Deleted)
            {
                if (podsByJobKey.TryGetValue(key, out var pods) && pods.Remove(pod.Metadata.Name) && pods.Count == 0)
                {
                    podsByJobKey.Remove(key);
                }

                return;
            }

            if (!podsByJobKey.TryGetValue(key, out var jobPods))
            {
                jobPods = new Dictionary<string, V1Pod>(StringComparer.Ordinal);
                podsByJobKey[key] = jobPods;
            }

            jobPods[pod.Metadata.Name] = pod;
        }
    }
}
