using JobSet.Kubernetes.Embedded.Store;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// What the simulated components share: the store, the options, the seeded random source,
/// the clock, and the work queue with its timers. Used only under the simulator's processing lock,
/// except <see cref="Enqueue"/>, which store events call from any thread.
/// </summary>
internal sealed class SimulationContext
{
    private readonly Lock queueLock = new();
    private readonly Lock namesLock = new();
    private readonly Queue<WorkItem> queue = new();
    private readonly HashSet<WorkItem> queued = [];
    private readonly PriorityQueue<WorkItem, DateTimeOffset> timers = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<WorkItem> created = new();
    private readonly Dictionary<string, int> nodeNumbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> podsStartedOnNode = new(StringComparer.Ordinal);
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool retryUnschedulable;

    public SimulationContext(IClusterStore store, SimulationOptions options, ILogger logger)
    {
        Store = store;
        Options = options;
        Logger = logger;
        Random = new Random(options.Seed);
    }

    public IClusterStore Store { get; }

    public SimulationOptions Options { get; }

    public ILogger Logger { get; }

    /// <summary>The simulation's only source of randomness, seeded from the options (draw through <see cref="NameSuffix"/> when work runs in parallel).</summary>
    public Random Random { get; }

    /// <summary>A generated-name suffix from <see cref="Random"/>; safe from the parallel workers of a pass.</summary>
    public string NameSuffix()
    {
        lock (namesLock)
        {
            return JobPodNames.Suffix(Random);
        }
    }

    /// <summary>Nodes, bound pods and pods by owner, kept current from store events.</summary>
    public ClusterCache Cache { get; } = new();

    /// <summary>Pods the scheduler could not place, retried when capacity or nodes change.</summary>
    public HashSet<WorkItem> Unschedulable { get; } = [];

    /// <summary>The current time of the store's clock.</summary>
    public DateTimeOffset Now => Store.Time.GetUtcNow();

    /// <summary>A time as the API server stores it: UTC, whole seconds (metav1.Time has second precision).</summary>
    public static DateTime Timestamp(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    /// <summary>A timestamp read back from a stored object, as UTC (the store writes every time in UTC).</summary>
    public static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    /// <summary>Completes when work is enqueued after the last <see cref="ResetWake"/>.</summary>
    public Task WakeTask
    {
        get
        {
            lock (queueLock)
            {
                return wake.Task;
            }
        }
    }

    /// <summary>
    /// Queues work (deduplicated) and wakes the background loop. A retry of the unschedulable
    /// pods is not queued behind other keys but flagged: the next scheduling pass honours it.
    /// </summary>
    public void Enqueue(WorkItem item)
    {
        TaskCompletionSource wake;
        lock (queueLock)
        {
            QueueLocked(item);
            wake = this.wake;
        }

        wake.TrySetResult();
    }

    /// <summary>Flags a retry of the unschedulable pods, or queues a key once; the caller holds queueLock.</summary>
    private void QueueLocked(WorkItem item)
    {
        if (item.Kind == WorkKind.RetryUnschedulable)
        {
            retryUnschedulable = true;
        }
        else if (queued.Add(item))
        {
            queue.Enqueue(item);
        }
    }

    /// <summary>Queues work for when the clock reaches <paramref name="due"/>.</summary>
    public void EnqueueAt(WorkItem item, DateTimeOffset due)
    {
        lock (queueLock)
        {
            timers.Enqueue(item, due);
        }
    }

    /// <summary>Arms a new wake signal; work enqueued from now on completes it.</summary>
    public void ResetWake()
    {
        lock (queueLock)
        {
            if (wake.Task.IsCompleted)
            {
                wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>
    /// Moves due timers into the queue and takes up to <paramref name="max"/> queued keys, in
    /// order. A retry of the unschedulable pods is read with <see cref="TakeRetryRequest"/>.
    /// </summary>
    public List<WorkItem> TakeBatch(int max)
    {
        var now = Now;
        lock (queueLock)
        {
            while (timers.TryPeek(out var item, out var due) && due <= now)
            {
                timers.Dequeue();
                QueueLocked(item);
            }

            var batch = new List<WorkItem>(Math.Min(queue.Count, max));
            while (batch.Count < max && queue.TryDequeue(out var item))
            {
                queued.Remove(item);
                batch.Add(item);
            }

            return batch;
        }
    }

    /// <summary>Whether a retry of the unschedulable pods was asked for since the last take (and clears the request).</summary>
    public bool TakeRetryRequest()
    {
        lock (queueLock)
        {
            var asked = retryUnschedulable;
            retryUnschedulable = false;
            return asked;
        }
    }

    /// <summary>Notes a pod the Job controller just created, so that the pass that created it also schedules and starts it.</summary>
    public void PodCreated(WorkItem pod) => created.Enqueue(pod);

    /// <summary>The pods created since the last call (see <see cref="PodCreated"/>), in order.</summary>
    public List<WorkItem> TakeCreatedPods()
    {
        var pods = new List<WorkItem>();
        while (created.TryDequeue(out var pod))
        {
            pods.Add(pod);
        }

        return pods;
    }

    /// <summary>The earliest pending timer, or null.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (queueLock)
            {
                return timers.TryPeek(out _, out var due) ? due : null;
            }
        }
    }

    /// <summary>Whether work is queued now.</summary>
    public bool HasQueuedWork
    {
        get
        {
            lock (queueLock)
            {
                return queue.Count > 0 || retryUnschedulable;
            }
        }
    }

    /// <summary>A stable small number per node name, for addresses.</summary>
    public int NodeNumber(string nodeName)
    {
        lock (namesLock)
        {
            if (!nodeNumbers.TryGetValue(nodeName, out var number))
            {
                number = nodeNumbers.Count;
                nodeNumbers[nodeName] = number;
            }

            return number;
        }
    }

    /// <summary>The node's internal IP.</summary>
    public string HostIp(string nodeName) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"10.0.{NodeNumber(nodeName) / 250}.{(NodeNumber(nodeName) % 250) + 1}");

    /// <summary>A fresh pod IP on the node (the node's /24 of 10.244.0.0/16, wrapping).</summary>
    public string NextPodIp(string nodeName)
    {
        int count;
        lock (namesLock)
        {
            count = podsStartedOnNode.GetValueOrDefault(nodeName) + 1;
            podsStartedOnNode[nodeName] = count;
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"10.244.{NodeNumber(nodeName) % 256}.{(count % 253) + 1}");
    }
}
