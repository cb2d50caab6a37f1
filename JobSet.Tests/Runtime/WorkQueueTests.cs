using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using JobSet.Kubernetes.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Runtime;

/// <summary>client-go work queue semantics, on a fake clock.</summary>
public sealed class WorkQueueTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private static (WorkQueue<string> Queue, FakeTimeProvider Time) Create(WorkQueueOptions? options = null)
    {
        var time = new FakeTimeProvider();
        options ??= new WorkQueueOptions();
        options.Time = time;
        return (new WorkQueue<string>("test", options), time);
    }

    private static async Task<string> Get(WorkQueue<string> queue)
    {
        var (key, shutdown) = await queue.GetAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(shutdown, Is.False);
        return key;
    }

    [Test]
    public async Task Keys_waiting_in_the_queue_are_deduplicated_and_handed_out_in_order()
    {
        var (queue, _) = Create();
        using var _q = queue;
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        queue.Add("a");
        Assert.That(queue.Length, Is.EqualTo(2));
        Assert.That(await Get(queue), Is.EqualTo("a"));
        Assert.That(await Get(queue), Is.EqualTo("b"));
        Assert.That(queue.Length, Is.Zero);
    }

    [Test]
    public async Task A_key_added_while_processing_is_not_handed_out_again_until_Done()
    {
        var (queue, _) = Create();
        using var _q = queue;
        queue.Add("a");
        Assert.That(await Get(queue), Is.EqualTo("a"));
        queue.Add("a");
        queue.Add("a");
        Assert.That(queue.Length, Is.Zero, "held back while a worker has it");

        var second = queue.GetAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.That(second.IsCompleted, Is.False, "no second worker gets the key");

        queue.Done("a");
        var (key, _) = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(key, Is.EqualTo("a"), "re-added during processing: processed again after Done");
        queue.Done("a");
        Assert.That(queue.Length, Is.Zero, "only once more");
    }

    [Test]
    public async Task Concurrent_workers_never_process_one_key_at_the_same_time()
    {
        var (queue, _) = Create();
        var inFlight = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        var processed = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (key, shutdown) = await queue.GetAsync(stop.Token);
                if (shutdown)
                {
                    return;
                }

                if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Thread.SpinWait(200);
                inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        })).ToArray();

        for (var i = 0; i < 2_000; i++)
        {
            queue.Add($"k{i % 5}");
            if (i % 50 == 0)
            {
                await Task.Yield();
            }
        }

        await queue.ShutDownWithDrainAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.That(overlaps, Is.Zero);
        Assert.That(processed, Is.InRange(5, 2_000));
        queue.Dispose();
    }

    [Test]
    public void AddRateLimited_backs_off_per_key_from_5_ms_doubling_to_1000_s_and_Forget_resets()
    {
        var (queue, time) = Create(new WorkQueueOptions { OverallBurst = 1_000_000, OverallQps = 1_000_000 });
        using var _q = queue;
        var expected = new[] { 5, 10, 20, 40, 80, 160 };
        foreach (var ms in expected)
        {
            queue.AddRateLimited("a");
            time.Advance((ms - 1) * Ms);
            Assert.That(queue.Length, Is.Zero, $"not before {ms} ms");
            time.Advance(Ms);
            Assert.That(queue.Length, Is.EqualTo(1), $"at {ms} ms");
            Assert.That(queue.GetAsync(CancellationToken.None).AsTask().Result.Key, Is.EqualTo("a"));
            queue.Done("a");
        }

        Assert.That(queue.NumRequeues("a"), Is.EqualTo(expected.Length));
        for (var i = 0; i < 20; i++)
        {
            queue.AddRateLimited("b");
            time.Advance(TimeSpan.FromSeconds(1001));
            Assert.That(queue.GetAsync(CancellationToken.None).AsTask().Result.Key, Is.EqualTo("b"));
            queue.Done("b");
        }

        queue.AddRateLimited("b"); // 5 ms x 2^20 is over 1000 s

        time.Advance(TimeSpan.FromSeconds(999));
        Assert.That(queue.Length, Is.Zero, "capped at 1000 s, not earlier");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(queue.Length, Is.EqualTo(1));

        queue.Forget("a");
        Assert.That(queue.NumRequeues("a"), Is.Zero);
        queue.AddRateLimited("a");
        time.Advance(5 * Ms);
        Assert.That(queue.Length, Is.EqualTo(2), "back to 5 ms after Forget");
    }

    [Test]
    public void The_overall_bucket_spreads_retries_beyond_the_burst_at_10_per_second()
    {
        var (queue, time) = Create();
        using var _q = queue;
        for (var i = 0; i < 102; i++)
        {
            queue.AddRateLimited($"k{i}");
        }

        time.Advance(5 * Ms);
        Assert.That(queue.Length, Is.EqualTo(100), "the burst of 100 goes after the per-key 5 ms");
        time.Advance(94 * Ms);
        Assert.That(queue.Length, Is.EqualTo(100));
        time.Advance(Ms);
        Assert.That(queue.Length, Is.EqualTo(101), "the 101st waits for a token (100 ms)");
        time.Advance(100 * Ms);
        Assert.That(queue.Length, Is.EqualTo(102), "the 102nd 100 ms later");
    }

    [Test]
    public void AddAfter_delays_and_the_earliest_pending_time_wins()
    {
        var (queue, time) = Create();
        using var _q = queue;
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        queue.AddAfter("now", TimeSpan.Zero);
        Assert.That(queue.Length, Is.EqualTo(1), "a zero delay adds at once");

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(queue.Length, Is.EqualTo(2));
        Assert.That(queue.GetAsync(CancellationToken.None).AsTask().Result.Key, Is.EqualTo("now"));
        Assert.That(queue.GetAsync(CancellationToken.None).AsTask().Result.Key, Is.EqualTo("a"));
        queue.Done("a");
        queue.Done("now");
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(queue.Length, Is.Zero, "the superseded later times do not add again");
    }

    [Test]
    public async Task ShutDown_wakes_waiting_workers_hands_out_queued_keys_and_ignores_new_ones()
    {
        var (queue, time) = Create();
        using var _q = queue;
        var waiting = queue.GetAsync(CancellationToken.None).AsTask();
        await Task.Delay(20);
        Assert.That(waiting.IsCompleted, Is.False);
        queue.ShutDown();
        Assert.That((await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Shutdown, Is.True);

        var (drainQueue, drainTime) = Create();
        using var _d = drainQueue;
        drainQueue.Add("a");
        drainQueue.Add("b");
        drainQueue.AddAfter("late", TimeSpan.FromSeconds(1));
        Assert.That(await Get(drainQueue), Is.EqualTo("a"));
        var drained = drainQueue.ShutDownWithDrainAsync(CancellationToken.None);
        drainQueue.Add("c");
        drainTime.Advance(TimeSpan.FromSeconds(2));
        Assert.That(drainQueue.Length, Is.EqualTo(1), "b stays, c and the delayed add are dropped");
        Assert.That(await Get(drainQueue), Is.EqualTo("b"));
        Assert.That((await drainQueue.GetAsync(CancellationToken.None)).Shutdown, Is.True);
        await Task.Delay(20);
        Assert.That(drained.IsCompleted, Is.False, "drain waits for keys being processed");
        drainQueue.Done("a");
        Assert.That(drained.IsCompleted, Is.False);
        drainQueue.Done("b");
        await drained.WaitAsync(TimeSpan.FromSeconds(10));
        _ = time;
    }

    [Test]
    public async Task A_cancelled_waiter_passes_its_wake_up_on()
    {
        var (queue, _) = Create();
        using var _q = queue;
        using var cts = new CancellationTokenSource();
        var cancelled = queue.GetAsync(cts.Token).AsTask();
        var other = queue.GetAsync(CancellationToken.None).AsTask();
        await cts.CancelAsync();
        Assert.That(async () => await cancelled, Throws.InstanceOf<OperationCanceledException>());
        queue.Add("a");
        Assert.That((await other.WaitAsync(TimeSpan.FromSeconds(10))).Key, Is.EqualTo("a"));
    }

    [Test]
    public async Task Metrics_use_controller_runtime_names_tagged_with_the_queue_name()
    {
        var measurements = new ConcurrentBag<(string Name, double Value, string? Queue)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WorkQueue<string>.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument i, double v, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? queueName = null;
            foreach (var t in tags)
            {
                if (t.Key == "name")
                {
                    queueName = t.Value as string;
                }
            }

            measurements.Add((i.Name, v, queueName));
        }

        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();

        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>("metrics-queue", new WorkQueueOptions { Time = time });
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");
        listener.RecordObservableInstruments();
        time.Advance(TimeSpan.FromSeconds(2));
        var (key, _) = await queue.GetAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(3));
        queue.Done(key);
        queue.AddRateLimited("c");

        var mine = measurements.Where(m => m.Queue == "metrics-queue").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(mine.Where(m => m.Name == "workqueue_adds_total").Sum(m => m.Value), Is.EqualTo(2), "deduplicated adds are not counted");
            Assert.That(mine.Single(m => m.Name == "workqueue_depth").Value, Is.EqualTo(2));
            Assert.That(mine.Single(m => m.Name == "workqueue_queue_duration_seconds").Value, Is.EqualTo(2).Within(0.001));
            Assert.That(mine.Single(m => m.Name == "workqueue_work_duration_seconds").Value, Is.EqualTo(3).Within(0.001));
            Assert.That(mine.Single(m => m.Name == "workqueue_retries_total").Value, Is.EqualTo(1));
        });
    }
}
