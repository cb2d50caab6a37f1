using k8s;
using k8s.Models;

namespace JobSet.Kubernetes.Runtime;

/// <summary>One page of a list request: <c>limit</c> and the <c>continue</c> token of the previous page.</summary>
/// <param name="Continue">The continue token of the previous page; null for the first page.</param>
/// <param name="Limit">The most items to return (0: no paging).</param>
public sealed record ListRequest(string? Continue, int Limit);

/// <summary>One page of a list answer.</summary>
/// <param name="Items">The objects of this page.</param>
/// <param name="ResourceVersion">The list's resourceVersion (a watch resumes from it).</param>
/// <param name="Continue">The token of the next page; null or empty on the last page.</param>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);

/// <summary>The parameters of a watch request.</summary>
/// <param name="ResourceVersion">Where the watch starts (events after this version).</param>
/// <param name="TimeoutSeconds">When the server ends the stream.</param>
/// <param name="AllowBookmarks">Whether the server may send BOOKMARK events.</param>
public sealed record WatchRequest(string ResourceVersion, int TimeoutSeconds, bool AllowBookmarks);

/// <summary>
/// How an <see cref="Informer{T}"/> lists and watches one kind, as client-go's ListerWatcher. The
/// watch must surface ERROR events as exceptions (a 410 Expired as <see cref="ResourceExpiredException"/>
/// or any exception <see cref="ResourceExpiredException.IsExpired(Exception)"/> recognises) and simply end when the
/// server closes the stream. <see cref="ListWatches"/> builds these for KubernetesClient.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
/// <param name="List">Lists one page.</param>
/// <param name="Watch">Watches from a resourceVersion.</param>
public sealed record ListWatch<T>(
    Func<ListRequest, CancellationToken, Task<ListPage<T>>> List,
    Func<WatchRequest, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> Watch)
    where T : class, IKubernetesObject<V1ObjectMeta>;
