using System.Diagnostics;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Controller;

/// <summary>
/// One reconcile of one JobSet, as upstream's Reconcile: read the JobSet and its children from
/// the caches, plan with <see cref="Planner.Reconcile"/>, apply the plan, and tell the work
/// queue what next. Holds no state of its own beyond <see cref="Expectations"/>.
/// </summary>
internal sealed partial class JobSetReconciler
{
    private readonly IControllerCache cache;
    private readonly PlanApplier applier;
    private readonly Expectations expectations;
    private readonly FeatureGates gates;
    private readonly TimeProvider time;
    private readonly ControllerMetrics metrics;
    private readonly ILogger logger;

    public JobSetReconciler(IControllerCache cache, PlanApplier applier, Expectations expectations, FeatureGates gates, TimeProvider time, ControllerMetrics metrics, ILogger logger)
    {
        this.cache = cache;
        this.applier = applier;
        this.expectations = expectations;
        this.gates = gates;
        this.time = time;
        this.metrics = metrics;
        this.logger = logger;
    }

    /// <summary>Raised after a JobSet's status was written, with the JobSet before and after.</summary>
    public event Action<JobSetKey, V1alpha2JobSet, V1alpha2JobSet>? StatusWritten;

    public async Task<ReconcileResult> ReconcileAsync(JobSetKey key, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await RunAsync(key, cancellationToken).ConfigureAwait(false);
        var outcome = result.Error is not null ? "error" : result.RequeueAfter is not null ? "requeue_after" : "success";
        metrics.Reconciled(outcome, Stopwatch.GetElapsedTime(started));
        return result;
    }

    private async Task<ReconcileResult> RunAsync(JobSetKey key, CancellationToken cancellationToken)
    {
        var jobSet = cache.JobSet(key);
        if (jobSet is null)
        {
            // Deleted: its children go with it through garbage collection.
            expectations.Forget(key);
            metrics.Forget(key);
            return ReconcileResult.Done;
        }

        if (expectations.Unsatisfied(key, cache) is { } wait)
        {
            // The caches have not shown this controller's last writes yet; their watch events requeue the key.
            LogWaiting(logger, key.Namespace, key.Name);
            return ReconcileResult.After(wait);
        }

        var observed = new ObservedState(
            jobSet.Metadata.Uid is { } uid ? cache.JobsOwnedBy(uid) : [],
            cache.Service(key.Namespace, Naming.Subdomain(jobSet)) is { } service ? [service] : [],
            cache.ClaimsOf(key));
        var now = time.GetUtcNow();
        var plan = Planner.Reconcile(jobSet, observed, now, gates);
        if (plan.Outcome == ReconcileOutcome.Skipped)
        {
            LogSkipped(logger, key.Namespace, key.Name, plan.Reason ?? "");
            return ReconcileResult.Done;
        }

        var applied = await applier.ApplyAsync(plan, jobSet.Metadata.ResourceVersion, cancellationToken).ConfigureAwait(false);
        if (applied.StatusWritten)
        {
            metrics.StatusWritten(key, jobSet, plan.JobSet, now);
            var before = JobSetPhase.Of(jobSet);
            var after = JobSetPhase.Of(plan.JobSet);
            if (before != after)
            {
                var (ready, total) = JobSetPhase.JobCounts(plan.JobSet);
                LogTransition(logger, key.Namespace, key.Name, before, after, ready, total, plan.JobSet.Status?.Restarts ?? 0);
            }

            StatusWritten?.Invoke(key, jobSet, plan.JobSet);
        }

        if (applied.Conflict)
        {
            LogConflict(logger, key.Namespace, key.Name);
            return ReconcileResult.Failed(applied.Error!);
        }

        if (applied.Error is { } error)
        {
            LogFailed(logger, key.Namespace, key.Name, error);
            return ReconcileResult.Failed(error);
        }

        return ReconcileResult.After(plan.RequeueAfter);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "JobSet {Namespace}/{Name}: {From} -> {To} ({Ready}/{Total} Jobs ready, {Restarts} restarts)")]
    private static partial void LogTransition(ILogger logger, string @namespace, string name, string from, string to, int ready, int total, int restarts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "JobSet {Namespace}/{Name}: skipped ({Reason})")]
    private static partial void LogSkipped(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "JobSet {Namespace}/{Name}: waiting for the caches to show the last writes")]
    private static partial void LogWaiting(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "JobSet {Namespace}/{Name}: status conflict, retrying with fresh state")]
    private static partial void LogConflict(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JobSet {Namespace}/{Name}: reconcile failed, retrying with backoff: {Error}")]
    private static partial void LogFailed(ILogger logger, string @namespace, string name, string error);
}
