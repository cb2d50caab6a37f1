using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using JobSet.Kubernetes.Controller;

namespace JobSet.Benchmarks.Controller;

/// <summary>
/// Suite 7, many JobSets: N JobSets of 4 single-pod Jobs each created at once (straight into the
/// store, as many <c>kubectl apply</c>s would) with the controller running in process, until every
/// Job exists and every JobSet's status has been written. Figures: reconciles per second and CPU
/// time per reconcile (the whole process's CPU, so the in-process API server and store are in it),
/// plus the mean reconcile time (controller-runtime's reconcile-time histogram). No baseline: the
/// goal is a number to watch, not a ratio.
/// </summary>
[ControllerJob]
public class ManyJobSetsBenchmarks : IDisposable
{
    /// <summary>The suite's name in the figures.</summary>
    public const string Suite = "7 many JobSets";

    private const int JobsPerJobSet = 4;
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, byte> written = new(StringComparer.Ordinal);
    private ControllerRig rig = null!;
    private long reconciles;
    private double reconcileSeconds;
    private ManyJobSetsResult? last;

    /// <summary>JobSets (of 4 Jobs each).</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes => ControllerSizes.JobSets;

    /// <summary>Listens to the controller's reconcile metrics.</summary>
    [GlobalSetup]
    public void Setup()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ControllerMetrics.MeterName && instrument.Name is "controller_runtime_reconcile_total" or "controller_runtime_reconcile_time_seconds")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Interlocked.Add(ref reconciles, value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (written)
            {
                reconcileSeconds += value;
            }
        });
        listener.Start();
    }

    /// <summary>A fresh cluster and a synced controller.</summary>
    [IterationSetup]
    public void SetupIteration()
    {
        rig = ControllerRig.StartAsync().GetAwaiter().GetResult();
        rig.StartControllerAsync(inProcess: true).GetAwaiter().GetResult();
        rig.State!.StatusWritten += j => written.TryAdd(j.Metadata.Name, 0);
        written.Clear();
    }

    /// <summary>Records the figures of the iteration and stops everything.</summary>
    [IterationCleanup]
    public void Cleanup()
    {
        if (last is { } result)
        {
            ControllerFigures.Record(Suite, "reconciles per second", N * JobsPerJobSet, result.Reconciles / result.Elapsed.TotalSeconds, "1/s");
            ControllerFigures.Record(Suite, "CPU per reconcile (whole process)", N * JobsPerJobSet, result.Cpu.TotalMilliseconds / result.Reconciles, "ms");
            ControllerFigures.Record(Suite, "mean reconcile time", N * JobsPerJobSet, result.ReconcileSeconds * 1000 / result.Reconciles, "ms");
            ControllerFigures.Record(Suite, "reconciles per JobSet", N * JobsPerJobSet, (double)result.Reconciles / N, "");
        }

        rig.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Creates the N JobSets and waits for their 4N Jobs and N status writes.</summary>
    [Benchmark]
    public async Task<ManyJobSetsResult> CreateManyJobSets()
    {
        var startReconciles = Interlocked.Read(ref reconciles);
        double startSeconds;
        lock (written)
        {
            startSeconds = reconcileSeconds;
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < N; i++)
        {
            rig.CreateJobSet($"js-{i}", JobsPerJobSet);
        }

        await rig.WaitForJobsAsync(0, N * JobsPerJobSet).ConfigureAwait(false);
        await ControllerRig.WaitAsync(() => written.Count >= N, () => $"{written.Count} of {N} JobSets with a status written").ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        double seconds;
        lock (written)
        {
            seconds = reconcileSeconds - startSeconds;
        }

        last = new ManyJobSetsResult(elapsed, used, Interlocked.Read(ref reconciles) - startReconciles, seconds, rig.Jobs(0), written.Count);
        return last;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        listener.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>What one run of suite 7 did.</summary>
/// <param name="Elapsed">From the first create to the last status write.</param>
/// <param name="Cpu">The process's CPU time meanwhile.</param>
/// <param name="Reconciles">Reconciles meanwhile.</param>
/// <param name="ReconcileSeconds">The sum of their durations.</param>
/// <param name="Jobs">Jobs in the store.</param>
/// <param name="StatusWrites">JobSets whose status was written.</param>
public sealed record ManyJobSetsResult(TimeSpan Elapsed, TimeSpan Cpu, long Reconciles, double ReconcileSeconds, int Jobs, int StatusWrites);
