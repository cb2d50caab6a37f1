using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using JobSet.Core.Api;

namespace JobSet.Kubernetes.Controller;

/// <summary>
/// The controller's metrics (System.Diagnostics.Metrics, meter <see cref="MeterName"/>): upstream's
/// <c>jobset_completed_total</c> and <c>jobset_failed_total</c>, controller-runtime's reconcile
/// metrics, and two upstream lacks: the time from a JobSet's creation to all its Jobs ready,
/// and the failure-recovery time (a restart counted to every Job of the new attempt ready).
/// </summary>
public sealed class ControllerMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "JobSet.Kubernetes.Controller";

    /// <summary>The controller label value, as upstream's controller is named.</summary>
    public const string ControllerName = "jobset";

    // controller-runtime's reconcile-time buckets.
    private static readonly double[] ReconcileBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];

    // Seconds to minutes: a JobSet starts or recovers in seconds on an idle cluster, in minutes at scale.
    private static readonly double[] LifecycleBuckets = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600];

    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Counter<long> completed;
    private readonly Counter<long> failed;
    private readonly Counter<long> reconciles;
    private readonly Counter<long> reconcileErrors;
    private readonly Histogram<double> reconcileTime;
    private readonly Histogram<double> startup;
    private readonly Histogram<double> recovery;
    private readonly ConcurrentDictionary<JobSetKey, Lifecycle> lifecycles = new();

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (or a private meter).</summary>
    public ControllerMetrics(IMeterFactory? meterFactory = null)
    {
        ownsMeter = meterFactory is null;
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        completed = meter.CreateCounter<long>("jobset_completed_total", description: "The total number of completed JobSets");
        failed = meter.CreateCounter<long>("jobset_failed_total", description: "The total number of failed JobSets");
        reconciles = meter.CreateCounter<long>("controller_runtime_reconcile_total", description: "Total number of reconciliations per controller");
        reconcileErrors = meter.CreateCounter<long>("controller_runtime_reconcile_errors_total", description: "Total number of reconciliation errors per controller");
        reconcileTime = meter.CreateHistogram("controller_runtime_reconcile_time_seconds", unit: "s", description: "Length of time per reconciliation per controller", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ReconcileBuckets });
        startup = meter.CreateHistogram("jobset_startup_duration_seconds", unit: "s", description: "Time from a JobSet's creation to all its Jobs ready", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LifecycleBuckets });
        recovery = meter.CreateHistogram("jobset_failure_recovery_duration_seconds", unit: "s", description: "Time from a JobSet restart to all Jobs of the new attempt ready", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LifecycleBuckets });
    }

    /// <summary>Counts one reconcile with its result (<c>success</c>, <c>error</c>, <c>requeue_after</c>) and duration.</summary>
    internal void Reconciled(string result, TimeSpan duration)
    {
        var controller = new KeyValuePair<string, object?>("controller", ControllerName);
        reconciles.Add(1, controller, new KeyValuePair<string, object?>("result", result));
        if (result == "error")
        {
            reconcileErrors.Add(1, controller);
        }

        reconcileTime.Record(duration.TotalSeconds, controller);
    }

    /// <summary>Records what a written status means: a finish, a first start, a restart, a recovery.</summary>
    internal void StatusWritten(JobSetKey key, V1alpha2JobSet before, V1alpha2JobSet after, DateTimeOffset now)
    {
        var tags = new[] { new KeyValuePair<string, object?>("jobset_name", key.Name), new KeyValuePair<string, object?>("namespace", key.Namespace) };
        var was = JobSetPhase.Of(before);
        var phase = JobSetPhase.Of(after);
        if (phase != was && phase == "Completed")
        {
            completed.Add(1, tags);
        }
        else if (phase != was && phase == "Failed")
        {
            failed.Add(1, tags);
        }

        var lifecycle = lifecycles.GetOrAdd(key, _ => new Lifecycle());
        var restarts = after.Status?.Restarts ?? 0;
        if (restarts > (before.Status?.Restarts ?? 0))
        {
            lifecycle.RestartedAt = now;
        }

        if (!JobSetPhase.AllReady(after) || phase is "Completed" or "Failed")
        {
            return;
        }

        if (!lifecycle.Started && restarts == 0 && after.Metadata?.CreationTimestamp is { } created)
        {
            lifecycle.Started = true;
            startup.Record(Math.Max(0, (now - new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc))).TotalSeconds));
        }

        if (lifecycle.RestartedAt is { } restarted)
        {
            lifecycle.RestartedAt = null;
            recovery.Record(Math.Max(0, (now - restarted).TotalSeconds));
        }
    }

    /// <summary>Forgets a deleted JobSet.</summary>
    internal void Forget(JobSetKey key) => lifecycles.TryRemove(key, out _);

    /// <inheritdoc/>
    public void Dispose()
    {
        // A factory's meter belongs to the factory.
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }

    private sealed class Lifecycle
    {
        public bool Started { get; set; }

        public DateTimeOffset? RestartedAt { get; set; }
    }
}
