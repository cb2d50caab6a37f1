using System.Threading.Channels;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>An open watch: read <see cref="Events"/> until disposed. Delivery never blocks the store (the queue is unbounded).</summary>
internal sealed class StoreWatch : IDisposable
{
    private readonly InMemoryClusterStore store;
    private long lastSeen;
    private readonly Channel<WatchEvent> channel = Channel.CreateUnbounded<WatchEvent>(new() { SingleReader = true });

    internal StoreWatch(InMemoryClusterStore store) => this.store = store;

    /// <summary>The events, in resourceVersion order.</summary>
    public ChannelReader<WatchEvent> Events => channel.Reader;

    /// <summary>When initial ADDED events were sent: the resourceVersion they represent (for the initial-events-end bookmark).</summary>
    public long? InitialEventsEnd { get; internal set; }

    /// <summary>The resourceVersion of the last store change this watch has looked at (matching or not): a safe bookmark.</summary>
    public long LastSeenVersion => Interlocked.Read(ref lastSeen);

    internal InMemoryClusterStore.Subscriber? Subscriber { get; set; }

    /// <summary>Stops the watch.</summary>
    public void Dispose()
    {
        if (Subscriber is { } s)
        {
            store.Unsubscribe(s);
        }

        channel.Writer.TryComplete();
    }

    internal void Enqueue(WatchEvent e) => channel.Writer.TryWrite(e);

    internal void Seen(long rv)
    {
        if (rv > Interlocked.Read(ref lastSeen))
        {
            Interlocked.Exchange(ref lastSeen, rv);
        }
    }
}
