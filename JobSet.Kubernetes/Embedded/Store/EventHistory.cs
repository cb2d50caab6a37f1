namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// The kept watch history: committed events in resourceVersion order, dropped from the oldest
/// end. Finding the events after a resourceVersion is a binary search, so a watch that resumes
/// or a paged list at an old resourceVersion reads only the events it needs, not the whole history.
/// </summary>
internal sealed class EventHistory
{
    private readonly List<StoreEvent> events = [];
    private int start;

    /// <summary>How many events are kept.</summary>
    public int Count => events.Count - start;

    /// <summary>Appends the newest event.</summary>
    public void Add(StoreEvent e) => events.Add(e);

    /// <summary>Drops the oldest event and returns it.</summary>
    public StoreEvent RemoveOldest()
    {
        var oldest = events[start];
        events[start] = null!;
        start++;
        if (start > 1024 && start * 2 > events.Count)
        {
            // Compact now and then, so the list's memory follows the kept events (amortised O(1)).
            events.RemoveRange(0, start);
            start = 0;
        }

        return oldest;
    }

    /// <summary>The kept events with a resourceVersion above <paramref name="rv"/>, oldest first.</summary>
    public IEnumerable<StoreEvent> After(long rv)
    {
        var lo = start;
        var hi = events.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (events[mid].Rv <= rv)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        for (var i = lo; i < events.Count; i++)
        {
            yield return events[i];
        }
    }
}
