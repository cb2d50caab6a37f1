namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// A clock that only moves when told: <see cref="Advance"/> by an amount, or
/// <see cref="JumpToNextTimer"/> to the earliest due timer, firing the timers that come due in
/// order. The workload simulator jumps it whenever the simulation is idle, so minutes of
/// simulated work pass in milliseconds and every run takes the same steps.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly Lock @lock = new();
    private readonly List<VirtualTimer> timers = [];
    private DateTimeOffset now;
    private long sequence;

    /// <summary>
    /// Creates the clock at <paramref name="start"/>; by default at the current real time (whole
    /// seconds), so ages shown by kubectl look sensible. Pass a start for runs that must repeat exactly.
    /// </summary>
    public VirtualTimeProvider(DateTimeOffset? start = null)
    {
        now = start ?? Whole(TimeProvider.System.GetUtcNow());
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (@lock)
        {
            return now;
        }
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>When the earliest active timer is due, or null when none is.</summary>
    public DateTimeOffset? NextTimerDue
    {
        get
        {
            lock (@lock)
            {
                return timers.Count == 0 ? null : timers.Min(t => t.Due);
            }
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing due timers in due order.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        AdvanceTo(GetUtcNow() + delta);
    }

    /// <summary>
    /// Jumps to the earliest due timer (no later than <paramref name="limit"/> when given) and
    /// fires it. Returns false when no timer is due and no limit is given.
    /// </summary>
    public bool JumpToNextTimer(DateTimeOffset? limit = null)
    {
        var next = NextTimerDue;
        var target = (next, limit) switch
        {
            (null, null) => (DateTimeOffset?)null,
            (null, { } l) => l,
            ({ } n, null) => n,
            ({ } n, { } l) => n < l ? n : l,
        };
        if (target is not { } to)
        {
            return false;
        }

        AdvanceTo(to > GetUtcNow() ? to : GetUtcNow());
        return true;
    }

    private static DateTimeOffset Whole(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private void AdvanceTo(DateTimeOffset target)
    {
        while (true)
        {
            VirtualTimer? fire;
            lock (@lock)
            {
                fire = timers.Where(t => t.Due <= target).OrderBy(t => t.Due).ThenBy(t => t.Sequence).FirstOrDefault();
                if (fire is null)
                {
                    if (target > now)
                    {
                        now = target;
                    }

                    return;
                }

                if (fire.Due > now)
                {
                    now = fire.Due;
                }

                timers.Remove(fire);
                if (fire.Period > TimeSpan.Zero)
                {
                    fire.Due = now + fire.Period;
                    fire.Sequence = ++sequence;
                    timers.Add(fire);
                }
            }

            // Callbacks run outside the lock: they may create or change timers.
            fire.Fire();
        }
    }

    private void Schedule(VirtualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (@lock)
        {
            timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.Due = now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            timer.Sequence = ++sequence;
            timers.Add(timer);
        }
    }

    private void Cancel(VirtualTimer timer)
    {
        lock (@lock)
        {
            timers.Remove(timer);
        }
    }

    private sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; set; }

        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Cancel(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
