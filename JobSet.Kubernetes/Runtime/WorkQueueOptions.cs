using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;

namespace JobSet.Kubernetes.Runtime;

/// <summary>Settings of a <see cref="WorkQueue{TKey}"/>; the defaults are client-go's default controller rate limiter.</summary>
public sealed class WorkQueueOptions
{
    /// <summary>The first per-key retry delay of <see cref="WorkQueue{TKey}.AddRateLimited"/>; it doubles per failure (client-go: 5 ms).</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest per-key retry delay (client-go: 1000 s).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1000);

    /// <summary>The overall retry rate across keys, in keys per second (client-go: 10).</summary>
    public double OverallQps { get; set; } = 10;

    /// <summary>The overall token bucket's size (client-go: 100).</summary>
    public int OverallBurst { get; set; } = 100;

    /// <summary>
    /// Replaces the overall token bucket built from <see cref="OverallQps"/> and <see cref="OverallBurst"/>.
    /// A retry is delayed by the lease's <see cref="MetadataName.RetryAfter"/> when it is not acquired.
    /// </summary>
    public RateLimiter? OverallLimiter { get; set; }

    /// <summary>The clock of delayed adds, backoffs and latency metrics.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Where the queue's meter comes from; null creates a private <see cref="Meter"/>.</summary>
    public IMeterFactory? MeterFactory { get; set; }
}
