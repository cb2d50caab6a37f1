using System.Threading.RateLimiting;

namespace JobSet.Kubernetes.Runtime;

/// <summary>
/// A token bucket that, like Go's <c>rate.Limiter.Reserve</c> (client-go's BucketRateLimiter), always
/// takes the token and says how long the caller must wait for it: a burst of failures is spread at
/// the configured rate instead of all retrying at the same instant. System.Threading.RateLimiting's
/// own TokenBucketRateLimiter refuses instead of reserving and reads the system clock, so it can
/// neither spread a burst nor be driven by a fake <see cref="TimeProvider"/>. A lease that must
/// wait is not acquired and carries <see cref="MetadataName.RetryAfter"/>.
/// </summary>
internal sealed class ReservingTokenBucket : RateLimiter
{
    private readonly Lock gate = new();
    private readonly double ratePerSecond;
    private readonly int burst;
    private readonly TimeProvider time;
    private double tokens;
    private long last;

    public ReservingTokenBucket(double ratePerSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.time = time;
        tokens = burst;
        last = time.GetTimestamp();
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (gate)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)Math.Floor(Math.Max(0, tokens)) };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (gate)
        {
            Refill();
            tokens -= permitCount;
            return tokens >= 0 ? Reservation.Now : new Reservation(TimeSpan.FromSeconds(-tokens / ratePerSecond));
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var lease = AttemptAcquireCore(permitCount);
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }

        return Reservation.Now;
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        tokens = Math.Min(burst, tokens + (time.GetElapsedTime(last, now).TotalSeconds * ratePerSecond));
        last = now;
    }

    private sealed class Reservation(TimeSpan? wait) : RateLimitLease
    {
        public static Reservation Now { get; } = new(null);

        public override bool IsAcquired => wait is null;

        public override IEnumerable<string> MetadataNames => wait is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = wait;
            return wait is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
