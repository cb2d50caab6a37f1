using JobSet.Kubernetes.Embedded.Simulation;

namespace JobSet.Tests.Embedded.Simulation;

public sealed class VirtualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Advance_fires_due_timers_in_due_order_and_stops_at_the_target()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = new List<string>();
        using var late = clock.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add("early"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var never = clock.CreateTimer(_ => fired.Add("never"), null, TimeSpan.FromSeconds(60), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(fired, Is.EqualTo(new[] { "early", "late" }));
            Assert.That(clock.GetUtcNow(), Is.EqualTo(Start.AddSeconds(30)));
            Assert.That(clock.NextTimerDue, Is.EqualTo(Start.AddSeconds(60)));
        });
    }

    [Test]
    public void JumpToNextTimer_moves_the_clock_exactly_to_the_earliest_timer()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        Assert.Multiple(() =>
        {
            Assert.That(clock.JumpToNextTimer(), Is.True);
            Assert.That(clock.GetUtcNow(), Is.EqualTo(Start.AddMinutes(5)));
            Assert.That(fired, Is.EqualTo(1));
            Assert.That(clock.JumpToNextTimer(Start.AddMinutes(7)), Is.True);
            Assert.That(clock.GetUtcNow(), Is.EqualTo(Start.AddMinutes(7)), "a limit earlier than the next timer wins");
            Assert.That(fired, Is.EqualTo(1));
        });
    }

    [Test]
    public void Disposed_or_infinite_timers_never_fire_and_no_timer_means_no_jump()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        using var parked = clock.CreateTimer(_ => fired++, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.Multiple(() =>
        {
            Assert.That(clock.JumpToNextTimer(), Is.False);
            Assert.That(clock.GetUtcNow(), Is.EqualTo(Start));
            Assert.That(fired, Is.Zero);
        });
    }

    [Test]
    public async Task Task_Delay_on_the_virtual_clock_completes_when_the_clock_jumps()
    {
        var clock = new VirtualTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromHours(1), clock);
        Assert.That(delay.IsCompleted, Is.False);
        clock.JumpToNextTimer();
        await delay;
        Assert.That(clock.GetUtcNow(), Is.EqualTo(Start.AddHours(1)));
    }
}
