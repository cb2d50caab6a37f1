using System.Threading.Channels;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>An open watch: read <see cref="Events"/> until disposed. Delivery never blocks the store (the queue is unbounded).</summary>
public sealed class StoreWatch : IDisposable
{
    private readonly InMemoryClusterStore store;
    private readonly Channel<WatchEvent> channel = Channel.CreateUnbounded<WatchEvent>(new() { SingleReader = true });

    internal StoreWatch(InMemoryClusterStore store) => this.store = store;

    /// <summary>The events, in resourceVersion order.</summary>
    public ChannelReader<WatchEvent> Events => channel.Reader;

    /// <summary>When initial ADDED events were sent: the resourceVersion they represent (for the initial-events-end bookmark).</summary>
    public long? InitialEventsEnd { get; internal set; }

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
}
