using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;

namespace JobSet.Kubernetes.Runtime;

/// <summary>
/// A controller work queue with client-go's semantics: a key waiting in the queue is held once
/// however often it is added; a key is handed to one worker at a time (<see cref="GetAsync"/> to
/// <see cref="Done"/>), and a key added while it is being processed is handed out again after
/// <see cref="Done"/>; <see cref="AddAfter"/> delays an add; <see cref="AddRateLimited"/> delays it by
/// the larger of a per-key exponential backoff (5 ms doubling to 1000 s, reset by
/// <see cref="Forget"/>) and an overall token bucket (10 per second, burst 100). Metrics follow
/// controller-runtime's names on the meter <c>JobSet.Kubernetes.Runtime</c>.
/// </summary>
/// <typeparam name="TKey">The key type (for a controller: namespace/name).</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "client-go's and controller-runtime's name for it.")]
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    /// <summary>The meter name of the queue metrics.</summary>
    public const string MeterName = "JobSet.Kubernetes.Runtime";

    // controller-runtime's workqueue histogram buckets: 10 ns to 1000 s, factor 10.
    private static readonly double[] DurationBuckets = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000];

    private readonly Lock gate = new();
    private readonly Queue<TKey> queue = new();
    private readonly HashSet<TKey> dirty = [];
    private readonly HashSet<TKey> processing = [];
    private readonly Dictionary<TKey, long> addedAt = [];
    private readonly Dictionary<TKey, long> startedAt = [];
    private readonly LinkedList<TaskCompletionSource<bool>> waiters = new();
    private readonly Dictionary<TKey, int> failures = [];
    private readonly PriorityQueue<TKey, DateTimeOffset> delayed = new();
    private readonly Dictionary<TKey, DateTimeOffset> delayedUntil = [];
    private readonly TimeProvider time;
    private readonly TimeSpan baseDelay;
    private readonly TimeSpan maxDelay;
    private readonly RateLimiter overall;
    private readonly bool ownsOverall;
    private readonly ITimer timer;
    private readonly Meter? ownMeter;
    private readonly Counter<long> adds;
    private readonly Counter<long> retries;
    private readonly Histogram<double> queueDuration;
    private readonly Histogram<double> workDuration;
    private readonly KeyValuePair<string, object?>[] tags;
    private DateTimeOffset? timerDue;
    private bool shuttingDown;
    private bool draining;
    private TaskCompletionSource? drained;

    /// <summary>Creates a queue; <paramref name="name"/> tags its metrics (<c>name</c> and <c>controller</c>).</summary>
    public WorkQueue(string name, WorkQueueOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new WorkQueueOptions();
        Name = name;
        time = options.Time;
        baseDelay = options.BaseDelay;
        maxDelay = options.MaxDelay;
        ownsOverall = options.OverallLimiter is null;
        overall = options.OverallLimiter ?? new ReservingTokenBucket(options.OverallQps, options.OverallBurst, time);
        timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        var meter = options.MeterFactory?.Create(MeterName) ?? (ownMeter = new Meter(MeterName));
        tags = [new("name", name), new("controller", name)];
        meter.CreateObservableGauge("workqueue_depth", () => new Measurement<long>(Length, tags), description: "Current depth of workqueue");
        adds = meter.CreateCounter<long>("workqueue_adds_total", description: "Total number of adds handled by workqueue");
        retries = meter.CreateCounter<long>("workqueue_retries_total", description: "Total number of retries handled by workqueue");
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };
        queueDuration = meter.CreateHistogram("workqueue_queue_duration_seconds", unit: null, description: "How long in seconds an item stays in workqueue before being requested", tags: null, advice: advice);
        workDuration = meter.CreateHistogram("workqueue_work_duration_seconds", unit: null, description: "How long in seconds processing an item from workqueue takes", tags: null, advice: advice);
    }

    /// <summary>The queue's name (its metrics' <c>name</c> tag).</summary>
    public string Name { get; }

    /// <summary>How many keys wait to be handed out (not counting delayed adds or keys being processed).</summary>
    public int Length
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    /// <summary>Whether <see cref="ShutDown"/> was called.</summary>
    public bool ShuttingDown
    {
        get
        {
            lock (gate)
            {
                return shuttingDown;
            }
        }
    }

    /// <summary>Queues a key unless it is already waiting; a key being processed is queued again after <see cref="Done"/>. Ignored after shutdown.</summary>
    public void Add(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>Queues a key once <paramref name="delay"/> has passed (of several pending delays for one key, the earliest wins).</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            if (delay <= TimeSpan.Zero)
            {
                AddLocked(key);
                return;
            }

            var due = time.GetUtcNow() + delay;
            if (delayedUntil.TryGetValue(key, out var existing) && existing <= due)
            {
                return;
            }

            delayedUntil[key] = due;
            delayed.Enqueue(key, due);
            ArmLocked();
        }
    }

    /// <summary>Queues a key after its backoff: the larger of the per-key exponential delay and the overall rate limit.</summary>
    public void AddRateLimited(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        TimeSpan delay;
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            var exponent = failures.GetValueOrDefault(key);
            failures[key] = exponent + 1;
            var backoff = baseDelay.TotalSeconds * Math.Pow(2, exponent);
            delay = backoff >= maxDelay.TotalSeconds ? maxDelay : TimeSpan.FromSeconds(backoff);
        }

        using (var lease = overall.AttemptAcquire())
        {
            if (!lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > delay)
            {
                delay = wait;
            }
        }

        retries.Add(1, tags);
        AddAfter(key, delay);
    }

    /// <summary>Clears a key's failure count (after it was processed successfully).</summary>
    public void Forget(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    /// <summary>How many times <see cref="AddRateLimited"/> was called for a key since its last <see cref="Forget"/>.</summary>
    public int NumRequeues(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Waits for a key and marks it as being processed; the caller must call <see cref="Done"/>.
    /// After <see cref="ShutDown"/>, keys still queued are handed out, then <c>Shutdown</c> is true.
    /// </summary>
    public async ValueTask<(TKey Key, bool Shutdown)> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource<bool> signal;
            LinkedListNode<TaskCompletionSource<bool>> node;
            lock (gate)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    // A wake-up this caller received but will not use goes to the next waiter.
                    if (queue.Count > 0)
                    {
                        WakeOneLocked();
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (queue.TryDequeue(out var key))
                {
                    processing.Add(key);
                    dirty.Remove(key);
                    var now = time.GetTimestamp();
                    if (addedAt.Remove(key, out var added))
                    {
                        queueDuration.Record(time.GetElapsedTime(added, now).TotalSeconds, tags);
                    }

                    startedAt[key] = now;
                    return (key, false);
                }

                if (shuttingDown)
                {
                    return (default!, true);
                }

                signal = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                node = waiters.AddLast(signal);
            }

            var registration = cancellationToken.Register(() =>
            {
                lock (gate)
                {
                    if (node.List is not null)
                    {
                        waiters.Remove(node);
                    }
                }

                signal.TrySetResult(false);
            });
            await using (registration.ConfigureAwait(false))
            {
                await signal.Task.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Marks a key as processed; if it was added meanwhile, it is queued again.</summary>
    public void Done(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            if (!processing.Remove(key))
            {
                return;
            }

            if (startedAt.Remove(key, out var started))
            {
                workDuration.Record(time.GetElapsedTime(started).TotalSeconds, tags);
            }

            if (dirty.Contains(key))
            {
                queue.Enqueue(key);
                WakeOneLocked();
            }
            else if (processing.Count == 0 && draining)
            {
                drained?.TrySetResult();
            }
        }
    }

    /// <summary>Stops accepting keys and wakes waiting workers; keys already queued are still handed out. Delayed adds are dropped.</summary>
    public void ShutDown()
    {
        lock (gate)
        {
            ShutDownLocked();
        }
    }

    /// <summary>Shuts down, then blocks until every key being processed is <see cref="Done"/> (as client-go). Prefer <see cref="ShutDownWithDrainAsync"/>.</summary>
    public void ShutDownWithDrain() => ShutDownWithDrainAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Shuts down and completes when every key being processed is <see cref="Done"/>.</summary>
    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            draining = true;
            ShutDownLocked();
            if (processing.Count == 0)
            {
                return Task.CompletedTask;
            }

            drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return drained.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Shuts down and releases the timer and the private meter.</summary>
    public void Dispose()
    {
        ShutDown();
        timer.Dispose();
        if (ownsOverall)
        {
            overall.Dispose();
        }

        ownMeter?.Dispose();
    }

    private void AddLocked(TKey key)
    {
        if (shuttingDown || !dirty.Add(key))
        {
            return;
        }

        adds.Add(1, tags);
        addedAt.TryAdd(key, time.GetTimestamp());
        if (processing.Contains(key))
        {
            return;
        }

        queue.Enqueue(key);
        WakeOneLocked();
    }

    private void ShutDownLocked()
    {
        shuttingDown = true;
        delayed.Clear();
        delayedUntil.Clear();
        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timerDue = null;
        while (waiters.First is { } first)
        {
            waiters.RemoveFirst();
            first.Value.TrySetResult(true);
        }
    }

    private void WakeOneLocked()
    {
        while (waiters.First is { } first)
        {
            waiters.RemoveFirst();
            if (first.Value.TrySetResult(true))
            {
                return;
            }
        }
    }

    private void OnTimer()
    {
        lock (gate)
        {
            timerDue = null;
            var now = time.GetUtcNow();
            while (delayed.TryPeek(out var key, out var due) && due <= now)
            {
                delayed.Dequeue();
                // A key re-added with an earlier time leaves its later entry behind: skip it.
                if (delayedUntil.TryGetValue(key, out var current) && current == due)
                {
                    delayedUntil.Remove(key);
                    AddLocked(key);
                }
            }

            ArmLocked();
        }
    }

    private void ArmLocked()
    {
        if (shuttingDown || !delayed.TryPeek(out _, out var due) || (timerDue is { } armed && armed <= due))
        {
            return;
        }

        timerDue = due;
        var wait = due - time.GetUtcNow();
        timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
