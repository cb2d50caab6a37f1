using System.Collections.Concurrent;

namespace JobSet.Kubernetes.Embedded;

/// <summary>
/// Faults the embedded API server injects into its answers, for testing controllers against a
/// misbehaving API server. All off by default. Read on every request, so a test can change them
/// while the cluster runs. Random choices come from one generator seeded with <see cref="Seed"/>
/// (the sequence depends on the order requests arrive). Health checks, discovery and OpenAPI are
/// never touched.
/// </summary>
public sealed class FaultInjectionOptions
{
    private readonly Lock gate = new();
    private Random random;
    private int seed = 1;
    private long serverErrors;
    private long throttled;
    private long conflicts;
    private long closedWatches;
    private long expiredWatches;
    private int expireNextWatches;

    /// <summary>Creates options with every fault off.</summary>
    public FaultInjectionOptions() => random = new Random(seed);

    /// <summary>The seed of the fault choices (setting it restarts the sequence).</summary>
    public int Seed
    {
        get => seed;
        set
        {
            lock (gate)
            {
                seed = value;
                random = new Random(value);
            }
        }
    }

    /// <summary>The share (0 to 1) of non-watch API requests answered <c>500 InternalError</c> without being executed.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>The share (0 to 1) of non-watch API requests answered <c>429 TooManyRequests</c> with <c>Retry-After</c>, without being executed.</summary>
    public double TooManyRequestsRate { get; set; }

    /// <summary>The <c>Retry-After</c> seconds of an injected 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>The share (0 to 1; 1 = every) of status subresource writes (PUT/PATCH <c>.../status</c>) answered <c>409 Conflict</c> without being executed.</summary>
    public double StatusConflictRate { get; set; }

    /// <summary>Limits <see cref="StatusConflictRate"/> to one resource (its plural, e.g. <c>jobsets</c>); null: every resource.</summary>
    public string? StatusConflictResource { get; set; }

    /// <summary>Ends each watch stream cleanly after this many lines (events and bookmarks); null: never.</summary>
    public int? CloseWatchAfterEvents { get; set; }

    /// <summary>Ends each watch stream cleanly after this long; null: never.</summary>
    public TimeSpan? CloseWatchAfter { get; set; }

    /// <summary>Watches that ask for one of these resourceVersions get an ERROR event with a 410 Expired Status.</summary>
    public ConcurrentDictionary<string, bool> ExpiredResourceVersions { get; } = new(StringComparer.Ordinal);

    /// <summary>The next this many watches that name a resourceVersion get a 410 Expired (counts down).</summary>
    public int ExpireNextWatches
    {
        get => Volatile.Read(ref expireNextWatches);
        set => Volatile.Write(ref expireNextWatches, value);
    }

    /// <summary>Limits every fault to requests whose path starts with this (e.g. <c>/apis/batch/</c>); null: all API requests.</summary>
    public string? PathPrefix { get; set; }

    /// <summary>How many 500s were injected.</summary>
    public long InjectedServerErrors => Interlocked.Read(ref serverErrors);

    /// <summary>How many 429s were injected.</summary>
    public long InjectedTooManyRequests => Interlocked.Read(ref throttled);

    /// <summary>How many status conflicts were injected.</summary>
    public long InjectedConflicts => Interlocked.Read(ref conflicts);

    /// <summary>How many watch streams were closed early.</summary>
    public long ClosedWatches => Interlocked.Read(ref closedWatches);

    /// <summary>How many watches were answered 410 Expired.</summary>
    public long ExpiredWatches => Interlocked.Read(ref expiredWatches);

    internal bool Roll(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        if (rate >= 1)
        {
            return true;
        }

        lock (gate)
        {
            return random.NextDouble() < rate;
        }
    }

    internal bool TakeExpiry(string resourceVersion)
    {
        if (ExpiredResourceVersions.ContainsKey(resourceVersion))
        {
            return true;
        }

        while (true)
        {
            var left = Volatile.Read(ref expireNextWatches);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref expireNextWatches, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    internal void CountServerError() => Interlocked.Increment(ref serverErrors);

    internal void CountTooManyRequests() => Interlocked.Increment(ref throttled);

    internal void CountConflict() => Interlocked.Increment(ref conflicts);

    internal void CountClosedWatch() => Interlocked.Increment(ref closedWatches);

    internal void CountExpiredWatch() => Interlocked.Increment(ref expiredWatches);
}
