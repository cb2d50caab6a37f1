using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>The change stream: subscribers, watches and their delivery in resourceVersion order.</summary>
internal sealed partial class InMemoryClusterStore
{
    /// <inheritdoc />
    public IDisposable Subscribe(Action<WatchEvent> onEvent)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        lock (gate)
        {
            var subscriber = new Subscriber(resourceVersion, e => onEvent(e.Public));
            subscribers.Add(subscriber);
            return new Unsubscriber(this, subscriber);
        }
    }

    /// <summary>
    /// Starts a watch of one kind: past events after <see cref="WatchOptions.ResourceVersion"/> (or
    /// ADDED events for the current objects), then live ones, filtered by namespace and selectors.
    /// An object that stops matching a selector is reported DELETED, one that starts matching ADDED.
    /// A resourceVersion older than the kept history is a 410 Gone <see cref="StoreException"/>.
    /// </summary>
    public StoreWatch Watch(ResourceType type, string? ns, WatchOptions watchOptions)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(watchOptions);
        var labels = LabelSelector.Parse(watchOptions.LabelSelector);
        var fields = FieldSelector.Parse(watchOptions.FieldSelector);
        bool Matches(JsonObject o) => InScope(type, o, ns) && labels.Matches(ObjectMeta.Labels(o)) && fields.Matches(o);

        var watch = new StoreWatch(this);
        lock (gate)
        {
            var rvText = watchOptions.ResourceVersion;
            var initial = watchOptions.SendInitialEvents ?? string.IsNullOrEmpty(rvText) || rvText == "0";
            if (initial)
            {
                foreach (var (_, obj) in Candidates(type, resourceVersion, ns, labels, fields, after: null).Objects)
                {
                    if (Matches(obj))
                    {
                        watch.Enqueue(new WatchEvent(WatchEvent.Added, type, Clone(obj)) { ResourceVersion = resourceVersion });
                    }
                }

                watch.InitialEventsEnd = resourceVersion;
                watch.Seen(resourceVersion);
            }
            else
            {
                if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
                {
                    throw StoreException.BadRequest($"invalid resource version \"{rvText}\"");
                }

                if (from < oldestResumableVersion)
                {
                    throw StoreException.Gone($"too old resource version: {from} ({oldestResumableVersion + 1})");
                }

                if (from > resourceVersion)
                {
                    // A version the store has not reached (e.g. from another cluster): the watch cache
                    // answers 504 with a ResourceVersionTooLarge cause, and client-go relists.
                    throw new StoreException(504, "Timeout", $"Too large resource version: {from}, current: {resourceVersion}", new("", type.Group, type.Plural) { Causes = [new("", $"Too large resource version: {from}, current: {resourceVersion}", "ResourceVersionTooLarge")] });
                }

                watch.Seen(from);
                foreach (var e in history.After(from))
                {
                    Filter(e, type, Matches, watch);
                }
            }

            var subscriber = new Subscriber(resourceVersion, e => Filter(e, type, Matches, watch));
            subscribers.Add(subscriber);
            watch.Subscriber = subscriber;
        }

        return watch;
    }

    internal void Unsubscribe(Subscriber subscriber)
    {
        lock (gate)
        {
            subscribers.Remove(subscriber);
        }
    }

    private static void Filter(StoreEvent e, ResourceType type, Func<JsonObject, bool> matches, StoreWatch watch)
    {
        FilterOne(e, type, matches, watch);
        watch.Seen(e.Rv);
    }

    private static void FilterOne(StoreEvent e, ResourceType type, Func<JsonObject, bool> matches, StoreWatch watch)
    {
        if (e.Public.Resource != type)
        {
            return;
        }

        var now = matches(e.Public.Object);
        if (e.Public.Type == WatchEvent.Modified && e.Previous is { } previous)
        {
            var before = matches(previous);
            if (now && !before)
            {
                watch.Enqueue(e.Public with { Type = WatchEvent.Added });
            }
            else if (!now && before)
            {
                watch.Enqueue(e.Public with { Type = WatchEvent.Deleted });
            }
            else if (now)
            {
                watch.Enqueue(e.Public);
            }

            return;
        }

        if (now)
        {
            watch.Enqueue(e.Public);
        }
    }

    private void Dispatch()
    {
        if (Interlocked.CompareExchange(ref dispatching, 1, 0) != 0)
        {
            return;
        }

        while (true)
        {
            StoreEvent e;
            Subscriber[] targets;
            lock (gate)
            {
                if (!pending.TryDequeue(out e!))
                {
                    Volatile.Write(ref dispatching, 0);
                    return;
                }

                targets = [.. subscribers];
            }

            foreach (var s in targets)
            {
                if (e.Rv <= s.StartVersion)
                {
                    continue;
                }

                try
                {
                    s.Deliver(e);
                }
#pragma warning disable CA1031 // A failing subscriber must not stop delivery to the others.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogSubscriberFailed(logger, ex);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A store subscriber failed")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception ex);

    internal sealed record Subscriber(long StartVersion, Action<StoreEvent> Deliver);

    private sealed class Unsubscriber(InMemoryClusterStore store, Subscriber subscriber) : IDisposable
    {
        public void Dispose() => store.Unsubscribe(subscriber);
    }
}
