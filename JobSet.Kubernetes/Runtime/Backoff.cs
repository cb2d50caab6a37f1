namespace JobSet.Kubernetes.Runtime;

/// <summary>Exponential backoff with jitter: each wait doubles from the minimum up to the maximum, plus up to 20% at random.</summary>
internal sealed class Backoff
{
    private readonly TimeSpan min;
    private readonly TimeSpan max;
    private TimeSpan next;

    public Backoff(TimeSpan min, TimeSpan max)
    {
        this.min = min;
        this.max = max;
        next = min;
    }

    public TimeSpan Next()
    {
        var current = next;
        next = TimeSpan.FromTicks(Math.Min(max.Ticks, current.Ticks * 2));
        var jittered = current * (1 + (Random.Shared.NextDouble() * 0.2));
        return jittered > max ? max : jittered;
    }

    public void Reset() => next = min;
}
