using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace JobSet.Kubernetes.Runtime;

/// <summary>
/// <see cref="ListWatch{T}"/>s over KubernetesClient for the kinds a controller watches. A null
/// namespace lists and watches all namespaces. Watch ERROR events are raised as exceptions (a 410 as
/// <see cref="ResourceExpiredException"/>), never dropped as KubernetesClient does without <c>onError</c>.
/// </summary>
public static class ListWatches
{
    /// <summary>batch/v1 Jobs matching a label selector.</summary>
    public static ListWatch<V1Job> Jobs(IKubernetes client, string? labelSelector, string? ns = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Typed<V1Job, V1JobList>(
            (r, ct) => ns is null
                ? client.BatchV1.ListJobForAllNamespacesAsync(continueParameter: r.Continue, labelSelector: labelSelector, limit: Limit(r), cancellationToken: ct)
                : client.BatchV1.ListNamespacedJobAsync(ns, continueParameter: r.Continue, labelSelector: labelSelector, limit: Limit(r), cancellationToken: ct),
            (w, onError, ct) => ns is null
                ? client.BatchV1.WatchListJobForAllNamespacesAsync(allowWatchBookmarks: w.AllowBookmarks, labelSelector: labelSelector, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: onError, cancellationToken: ct)
                : client.BatchV1.WatchListNamespacedJobAsync(ns, allowWatchBookmarks: w.AllowBookmarks, labelSelector: labelSelector, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: onError, cancellationToken: ct));
    }

    /// <summary>v1 Services matching a label selector.</summary>
    public static ListWatch<V1Service> Services(IKubernetes client, string? labelSelector, string? ns = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Typed<V1Service, V1ServiceList>(
            (r, ct) => ns is null
                ? client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: r.Continue, labelSelector: labelSelector, limit: Limit(r), cancellationToken: ct)
                : client.CoreV1.ListNamespacedServiceAsync(ns, continueParameter: r.Continue, labelSelector: labelSelector, limit: Limit(r), cancellationToken: ct),
            (w, onError, ct) => ns is null
                ? client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: w.AllowBookmarks, labelSelector: labelSelector, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: onError, cancellationToken: ct)
                : client.CoreV1.WatchListNamespacedServiceAsync(ns, allowWatchBookmarks: w.AllowBookmarks, labelSelector: labelSelector, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: onError, cancellationToken: ct));
    }

    /// <summary>v1 PersistentVolumeClaims matching a label selector.</summary>
    public static ListWatch<V1PersistentVolumeClaim> PersistentVolumeClaims(IKubernetes client, string? labelSelector, string? ns = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Typed<V1PersistentVolumeClaim, V1PersistentVolumeClaimList>(
            (r, ct) => ns is null
                ? client.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(continueParameter: r.Continue, labelSelector: labelSelector, limit: Limit(r), cancellationToken: ct)
                : client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, continueParameter: r.Continue, labelSelector: labelSelector, limit: Limit(r), cancellationToken: ct),
            (w, onError, ct) => ns is null
                ? client.CoreV1.WatchListPersistentVolumeClaimForAllNamespacesAsync(allowWatchBookmarks: w.AllowBookmarks, labelSelector: labelSelector, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: onError, cancellationToken: ct)
                : client.CoreV1.WatchListNamespacedPersistentVolumeClaimAsync(ns, allowWatchBookmarks: w.AllowBookmarks, labelSelector: labelSelector, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: onError, cancellationToken: ct));
    }

    /// <summary>v1 Pods matching a label selector.</summary>
    public static ListWatch<V1Pod> Pods(IKubernetes client, string? labelSelector, string? ns = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Typed<V1Pod, V1PodList>(
            (r, ct) => ns is null
                ? client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: r.Continue, labelSelector: labelSelector, limit: Limit(r), cancellationToken: ct)
                : client.CoreV1.ListNamespacedPodAsync(ns, continueParameter: r.Continue, labelSelector: labelSelector, limit: Limit(r), cancellationToken: ct),
            (w, onError, ct) => ns is null
                ? client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: w.AllowBookmarks, labelSelector: labelSelector, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: onError, cancellationToken: ct)
                : client.CoreV1.WatchListNamespacedPodAsync(ns, allowWatchBookmarks: w.AllowBookmarks, labelSelector: labelSelector, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: onError, cancellationToken: ct));
    }

    /// <summary>v1 Nodes matching a label selector (cluster-scoped).</summary>
    public static ListWatch<V1Node> Nodes(IKubernetes client, string? labelSelector)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Typed<V1Node, V1NodeList>(
            (r, ct) => client.CoreV1.ListNodeAsync(continueParameter: r.Continue, labelSelector: labelSelector, limit: Limit(r), cancellationToken: ct),
            (w, onError, ct) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: w.AllowBookmarks, labelSelector: labelSelector, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: onError, cancellationToken: ct));
    }

    /// <summary>
    /// Namespaced custom resources (<c>/apis/GROUP/VERSION/PLURAL</c>) as <typeparamref name="T"/>,
    /// converted from the JSON KubernetesClient returns with <see cref="KubernetesJson"/>.
    /// </summary>
    public static ListWatch<T> CustomObjects<T>(IKubernetes client, string group, string version, string plural, string? labelSelector, string? ns = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        return new ListWatch<T>(
            async (r, ct) =>
            {
                var body = ns is null
                    ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync(group, version, plural, continueParameter: r.Continue, labelSelector: labelSelector, limit: Limit(r), cancellationToken: ct).ConfigureAwait(false)
                    : await client.CustomObjects.ListNamespacedCustomObjectAsync(group, version, ns, plural, continueParameter: r.Continue, labelSelector: labelSelector, limit: Limit(r), cancellationToken: ct).ConfigureAwait(false);
                return CustomPage<T>(ToElement(body));
            },
            (w, ct) => Surface(
                onError => ns is null
                    ? client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(group, version, plural, allowWatchBookmarks: w.AllowBookmarks, labelSelector: labelSelector, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: onError, cancellationToken: ct)
                    : client.CustomObjects.WatchListNamespacedCustomObjectAsync(group, version, ns, plural, allowWatchBookmarks: w.AllowBookmarks, labelSelector: labelSelector, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: onError, cancellationToken: ct),
                o => KubernetesJson.Deserialize<T>(ToElement(o).GetRawText()),
                ct));
    }

    private static int? Limit(ListRequest r) => r.Limit > 0 ? r.Limit : null;

    private static ListWatch<T> Typed<T, TList>(
        Func<ListRequest, CancellationToken, Task<TList>> list,
        Func<WatchRequest, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IMetadata<V1ListMeta>, IItems<T>
        => new(
            async (r, ct) =>
            {
                var page = await list(r, ct).ConfigureAwait(false);
                return new ListPage<T>([.. page.Items ?? []], page.Metadata?.ResourceVersion ?? "", page.Metadata?.ContinueProperty);
            },
            (w, ct) => Surface(onError => watch(w, onError, ct), o => o, ct));

    /// <summary>Runs a KubernetesClient watch with an onError that throws, and maps a 410 to <see cref="ResourceExpiredException"/>.</summary>
    private static async IAsyncEnumerable<(WatchEventType Type, T Object)> Surface<TIn, T>(
        Func<Action<Exception>, IAsyncEnumerable<(WatchEventType, TIn)>> start,
        Func<TIn, T> convert,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // KubernetesClient hands ERROR events and unreadable lines to onError and otherwise drops
        // them, ending the stream as if nothing happened; throwing makes the informer see them.
        var events = start(static ex => throw ex);
        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                (WatchEventType, TIn) current;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    current = enumerator.Current;
                }
                catch (Exception ex) when (ex is not ResourceExpiredException && ResourceExpiredException.IsExpired(ex))
                {
                    throw new ResourceExpiredException(ex.Message, ex);
                }

                yield return (current.Item1, convert(current.Item2));
            }
        }
    }

    private static JsonElement ToElement(object body) => body switch
    {
        JsonElement e => e,
        _ => JsonSerializer.SerializeToElement(body),
    };

    private static ListPage<T> CustomPage<T>(JsonElement list)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var items = new List<T>();
        if (list.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                items.Add(KubernetesJson.Deserialize<T>(item.GetRawText()));
            }
        }

        string rv = "", next = "";
        if (list.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            rv = meta.TryGetProperty("resourceVersion", out var r) ? r.GetString() ?? "" : "";
            next = meta.TryGetProperty("continue", out var c) ? c.GetString() ?? "" : "";
        }

        return new ListPage<T>(items, rv, next);
    }
}
