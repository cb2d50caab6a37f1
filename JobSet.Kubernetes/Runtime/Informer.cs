using System.Reflection;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Runtime;

/// <summary>
/// A watch-fed cache of one kind, as client-go's shared informer: a paged list replaces the cache,
/// then a watch from the list's resourceVersion (with bookmarks and a jittered
/// <c>timeoutSeconds</c>) keeps it current. A stream that ends is resumed from the last
/// resourceVersion seen (no relist); a 410 Expired relists, delivering synthetic deletes for objects
/// that vanished and updates for changed ones; other errors reconnect with jittered exponential
/// backoff; a watch silent for <see cref="InformerOptions.WatchIdleTimeout"/> is restarted.
/// Reads are thread-safe while the watch writes: the store and its indexes change under one lock,
/// so a reader never sees an object without its index entries.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed partial class Informer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly (string ApiVersion, string Kind)? TypeMeta = ReadTypeMeta();
    private static readonly string KindName = TypeMeta?.Kind ?? typeof(T).Name;

    private readonly ListWatch<T> source;
    private readonly InformerOptions options;
    private readonly Action<T>? transform;
    private readonly ILogger logger;

    // gate: the store and indexes (readers and the writer). dispatch: applying a change together
    // with notifying handlers, so handlers see changes in order and AddHandler's replay is exact.
    private readonly Lock gate = new();
    private readonly Lock dispatch = new();
    private readonly Dictionary<string, T> items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CacheIndex> indexes = new(StringComparer.Ordinal);
    private readonly List<IInformerHandler<T>> handlers = [];
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string lastResourceVersion = "";
    private int started;

    /// <summary>Creates an informer; add indexes, then call <see cref="RunAsync"/>.</summary>
    public Informer(ListWatch<T> source, InformerOptions options, ILogger<Informer<T>> logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegative(options.PageSize);
        this.source = source;
        this.options = options;
        this.logger = logger;
        transform = options.TransformFor<T>();
    }

    /// <summary>Whether the first list has been stored (the cache is complete as of then).</summary>
    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>The resourceVersion of the last list, event or bookmark applied.</summary>
    public string LastSyncResourceVersion => lastResourceVersion;

    /// <summary>How many objects are cached.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return items.Count;
            }
        }
    }

    /// <summary>Completes once <see cref="HasSynced"/> is true.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => synced.Task.WaitAsync(cancellationToken);

    /// <summary>The cached object, or null.</summary>
    public T? Get(string? ns, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (gate)
        {
            return items.GetValueOrDefault(Key(ns, name));
        }
    }

    /// <summary>A snapshot of every cached object (cached instances: do not mutate).</summary>
    public IReadOnlyList<T> List()
    {
        lock (gate)
        {
            return [.. items.Values];
        }
    }

    /// <summary>Adds a secondary index; must be called before <see cref="RunAsync"/>. An object may be filed under several keys.</summary>
    public void AddIndex(string name, Func<T, IEnumerable<string>> keys)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(keys);
        if (Volatile.Read(ref started) != 0)
        {
            throw new InvalidOperationException($"index '{name}' must be added before the informer runs");
        }

        lock (gate)
        {
            if (!indexes.TryAdd(name, new CacheIndex(keys)))
            {
                throw new ArgumentException($"index '{name}' already exists", nameof(name));
            }
        }
    }

    /// <summary>The cached objects filed under <paramref name="key"/> in index <paramref name="name"/>.</summary>
    public IReadOnlyList<T> ByIndex(string name, string key)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            if (!indexes.TryGetValue(name, out var index))
            {
                throw new ArgumentException($"no index named '{name}'", nameof(name));
            }

            if (!index.ByKey.TryGetValue(key, out var keys))
            {
                return [];
            }

            var result = new List<T>(keys.Count);
            foreach (var k in keys)
            {
                result.Add(items[k]);
            }

            return result;
        }
    }

    /// <summary>
    /// Registers a handler. Added after the first sync, it is first told about every cached object
    /// (<c>OnAdd(obj, initialList: true)</c>), then about changes, as client-go does.
    /// </summary>
    public void AddHandler(IInformerHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (dispatch)
        {
            handlers.Add(handler);
            if (HasSynced)
            {
                foreach (var obj in List())
                {
                    Notify(handler, h => h.OnAdd(obj, true));
                }
            }
        }
    }

    /// <summary>The summed size of the cached objects serialized as JSON (an estimate of what the cache holds).</summary>
    public long ApproximateBytes()
    {
        long total = 0;
        foreach (var obj in List())
        {
            total += Encoding.UTF8.GetByteCount(KubernetesJson.Serialize(obj));
        }

        return total;
    }

    /// <summary>Lists, then watches until <paramref name="cancellationToken"/> is cancelled. Runs once per informer.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            throw new InvalidOperationException("the informer is already running");
        }

        var backoff = new Backoff(options.MinBackoff, options.MaxBackoff);
        var needList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAndReplaceAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                    backoff.Reset();
                }

                var began = options.Time.GetTimestamp();
                if (await WatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    backoff.Reset();
                }
                else if (options.Time.GetElapsedTime(began) < TimeSpan.FromSeconds(1))
                {
                    // A stream that ends at once without a single event would otherwise spin.
                    await Task.Delay(backoff.Next(), options.Time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ResourceExpiredException.IsExpired(ex))
            {
                LogExpired(logger, KindName, lastResourceVersion);
                needList = true;
            }
            catch (Exception ex)
            {
                var delay = backoff.Next();
                LogFailed(logger, KindName, needList ? "list" : "watch", delay.TotalSeconds, ex);
                try
                {
                    await Task.Delay(delay, options.Time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task ListAndReplaceAsync(CancellationToken cancellationToken)
    {
        var fresh = new Dictionary<string, T>(StringComparer.Ordinal);
        string? resourceVersion = null;
        string? next = null;
        do
        {
            var page = await source.List(new ListRequest(next, options.PageSize), cancellationToken).ConfigureAwait(false);
            // Every page of a paged list is served from the first page's snapshot.
            resourceVersion ??= page.ResourceVersion;
            foreach (var item in page.Items)
            {
                Prepare(item);
                fresh[Key(item)] = item;
            }

            next = string.IsNullOrEmpty(page.Continue) ? null : page.Continue;
        }
        while (next is not null);

        Replace(fresh);
        lastResourceVersion = resourceVersion ?? "";
        if (synced.TrySetResult())
        {
            LogSynced(logger, KindName, fresh.Count, lastResourceVersion);
        }
        else
        {
            LogRelisted(logger, KindName, fresh.Count, lastResourceVersion);
        }
    }

    /// <summary>Watches from the last resourceVersion until the stream ends; true when it delivered anything.</summary>
    private async Task<bool> WatchAsync(CancellationToken cancellationToken)
    {
        var idleTimeout = options.WatchIdleTimeout;
        var watchdog = idleTimeout > TimeSpan.Zero && idleTimeout != Timeout.InfiniteTimeSpan;
        using var idle = watchdog ? new CancellationTokenSource(idleTimeout, options.Time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        var minTimeout = (int)Math.Max(1, options.MinWatchTimeout.TotalSeconds);
        var request = new WatchRequest(lastResourceVersion, Random.Shared.Next(minTimeout, (2 * minTimeout) + 1), AllowBookmarks: true);
        var delivered = false;
        try
        {
            await foreach (var (type, obj) in source.Watch(request, linked.Token).WithCancellation(linked.Token).ConfigureAwait(false))
            {
                if (watchdog)
                {
                    idle.CancelAfter(idleTimeout);
                }

                delivered = true;
                Apply(type, obj);
            }
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogIdle(logger, KindName, idleTimeout.TotalSeconds);
            return true;
        }

        return delivered;
    }

    private void Apply(WatchEventType type, T obj)
    {
        switch (type)
        {
            case WatchEventType.Bookmark:
                break;
            case WatchEventType.Added or WatchEventType.Modified:
                Prepare(obj);
                lock (dispatch)
                {
                    T? old;
                    lock (gate)
                    {
                        var key = Key(obj);
                        old = items.GetValueOrDefault(key);
                        items[key] = obj;
                        Reindex(key, old, obj);
                    }

                    NotifyAll(old is null ? h => h.OnAdd(obj, false) : h => h.OnUpdate(old, obj));
                }

                break;
            case WatchEventType.Deleted:
                Prepare(obj);
                lock (dispatch)
                {
                    lock (gate)
                    {
                        var key = Key(obj);
                        if (items.Remove(key, out var old))
                        {
                            Reindex(key, old, null);
                        }
                    }

                    NotifyAll(h => h.OnDelete(obj));
                }

                break;
            default:
                throw new InvalidOperationException($"unexpected watch event type {type}");
        }

        if (obj.Metadata?.ResourceVersion is { Length: > 0 } rv)
        {
            lastResourceVersion = rv;
        }
    }

    /// <summary>Swaps in a full list, telling handlers what vanished (delete), appeared (add) and changed (update), as DeltaFIFO's Replace.</summary>
    private void Replace(Dictionary<string, T> fresh)
    {
        lock (dispatch)
        {
            var initial = !HasSynced;
            var deleted = new List<T>();
            var added = new List<T>();
            var updated = new List<(T Old, T New)>();
            lock (gate)
            {
                foreach (var (key, old) in items)
                {
                    if (!fresh.ContainsKey(key))
                    {
                        deleted.Add(old);
                    }
                }

                foreach (var (key, obj) in fresh)
                {
                    if (!items.TryGetValue(key, out var old))
                    {
                        added.Add(obj);
                    }
                    else if (old.Metadata?.ResourceVersion != obj.Metadata?.ResourceVersion)
                    {
                        updated.Add((old, obj));
                    }
                }

                items.Clear();
                foreach (var index in indexes.Values)
                {
                    index.ByKey.Clear();
                }

                foreach (var (key, obj) in fresh)
                {
                    items[key] = obj;
                    Reindex(key, null, obj);
                }
            }

            foreach (var obj in deleted)
            {
                NotifyAll(h => h.OnDelete(obj));
            }

            foreach (var obj in added)
            {
                NotifyAll(h => h.OnAdd(obj, initial));
            }

            foreach (var (old, obj) in updated)
            {
                NotifyAll(h => h.OnUpdate(old, obj));
            }
        }
    }

    private void Reindex(string key, T? old, T? obj)
    {
        foreach (var index in indexes.Values)
        {
            if (old is not null)
            {
                foreach (var k in index.Keys(old))
                {
                    if (index.ByKey.TryGetValue(k, out var set) && set.Remove(key) && set.Count == 0)
                    {
                        index.ByKey.Remove(k);
                    }
                }
            }

            if (obj is not null)
            {
                foreach (var k in index.Keys(obj))
                {
                    if (!index.ByKey.TryGetValue(k, out var set))
                    {
                        index.ByKey[k] = set = new HashSet<string>(StringComparer.Ordinal);
                    }

                    set.Add(key);
                }
            }
        }
    }

    private void Prepare(T obj)
    {
        // List items carry no apiVersion/kind; watch events do. Fill them so cached objects look alike.
        if (TypeMeta is { } meta)
        {
            obj.ApiVersion ??= meta.ApiVersion;
            obj.Kind ??= meta.Kind;
        }

        transform?.Invoke(obj);
    }

    private void NotifyAll(Action<IInformerHandler<T>> call)
    {
        foreach (var handler in handlers)
        {
            Notify(handler, call);
        }
    }

    private void Notify(IInformerHandler<T> handler, Action<IInformerHandler<T>> call)
    {
        try
        {
            call(handler);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(logger, KindName, ex);
        }
    }

    private static string Key(T obj) => Key(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? "");

    private static string Key(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    private static (string, string)? ReadTypeMeta()
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>();
        if (entity is null)
        {
            return null;
        }

        return (string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}", entity.Kind);
    }

    private sealed class CacheIndex(Func<T, IEnumerable<string>> keys)
    {
        public Func<T, IEnumerable<string>> Keys { get; } = keys;

        public Dictionary<string, HashSet<string>> ByKey { get; } = new(StringComparer.Ordinal);
    }
}
