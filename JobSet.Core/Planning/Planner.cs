using JobSet.Core.Api;

namespace JobSet.Core.Planning;

/// <summary>
/// One reconcile of a JobSet as a pure function: upstream's JobSet controller (Reconcile and
/// reconcile) with every API call turned into a planned action, in the order upstream makes
/// them in one pass, returning early where upstream returns. O(n) in child Jobs.
/// </summary>
/// <remarks>
/// The JobSet is expected as the API server stores it, i.e. defaulted
/// (<see cref="Admission.JobSetDefaulter.Apply"/>). The in-place restart strategy
/// (InPlaceRestart gate), which needs the pods, is not planned.
/// </remarks>
public static class Planner
{
    /// <summary>Plans one reconcile of <paramref name="jobSet"/> against what the cluster holds.</summary>
    /// <param name="jobSet">The JobSet with its current status; not changed.</param>
    /// <param name="observed">The Jobs, Services and claims that exist.</param>
    /// <param name="now">The current time: condition transition times and TTL expiry use it.</param>
    /// <param name="gates">The feature gates.</param>
    public static ReconcilePlan Reconcile(V1alpha2JobSet jobSet, ObservedState observed, DateTimeOffset now, FeatureGates gates)
    {
        ArgumentNullException.ThrowIfNull(jobSet);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(gates);

        if (InputCheckStep.Problem(jobSet) is { } problem)
        {
            return new ReconcilePlan(Observed(jobSet), ReconcileOutcome.Failed, problem, false, [], [], null);
        }

        if (jobSet.Metadata.DeletionTimestamp is not null)
        {
            return Skip(jobSet, SkipReason.Deleting);
        }

        if (jobSet.Spec.ManagedBy is { } manager && manager != ApiGroup.ControllerName)
        {
            return Skip(jobSet, SkipReason.ManagedByExternalController);
        }

        var context = new ReconcileContext(Copy(jobSet), now, gates);
        var error = Run(context, observed);
        return Finish(jobSet, context, error);
    }

    /// <summary>upstream's reconcile; returns an error message where upstream returns an error.</summary>
    private static string? Run(ReconcileContext context, ObservedState observed)
    {
        var (selected, selectError) = ChildJobs.Select(context.JobSet, context.Layout, observed.Jobs, context.Gates);
        if (selected is null)
        {
            return selectError;
        }

        using var children = selected;

        var statuses = ReplicatedJobStatusStep.Calculate(context, children);
        ReplicatedJobStatusStep.Apply(context, statuses);
        var statusByName = statuses.ToDictionary(s => s.Name, StringComparer.Ordinal);

        if (Conditions.Finished(context.Status))
        {
            foreach (var job in children.Active)
            {
                context.Delete(job);
            }

            return TtlAfterFinishedStep.Execute(context);
        }

        foreach (var job in children.Previous)
        {
            context.Delete(job);
        }

        if (!context.Suspended && ReplicatedJobStatusStep.AllJobsReady(context, statuses))
        {
            Conditions.SetRestartingFalse(context, Reasons.RestartingJobsReady, Messages.RestartingJobsReady);
        }

        if (children.Failed.Count > 0)
        {
            return FailurePolicyStep.Execute(context, children);
        }

        if (children.Succeeded.Count > 0 && SuccessPolicyStep.Execute(context, children))
        {
            return null;
        }

        ServiceStep.Plan(context, observed.Services);
        VolumeClaimStep.Plan(context, observed.Claims);
        if (context.Gates.ElasticJobSet)
        {
            ElasticScalingStep.Sync(context, children.Active);
        }

        JobCreationStep.Plan(context, children, statusByName);
        if (context.Suspended)
        {
            SuspensionStep.Suspend(context, children.Active);
        }
        else
        {
            SuspensionStep.ResumeIfNecessary(context, children.ActiveInAnyOrder, statusByName);
        }

        return null;
    }

    private static ReconcilePlan Finish(V1alpha2JobSet original, ReconcileContext context, string? error)
    {
        if (error is not null)
        {
            // Upstream returns before its status write: nothing of the status is persisted.
            return new ReconcilePlan(Observed(original), ReconcileOutcome.Failed, error, false, context.Actions, [], null);
        }

        return new ReconcilePlan(
            context.JobSet,
            ReconcileOutcome.Planned,
            null,
            context.StatusChanged,
            context.Actions,
            context.StatusChanged ? context.Events : [],
            context.RequeueAfter);
    }

    private static ReconcilePlan Skip(V1alpha2JobSet jobSet, string reason) =>
        new(Observed(jobSet), ReconcileOutcome.Skipped, reason, false, [], [], null);

    /// <summary>A copy of the JobSet as observed, with a status (empty when it had none).</summary>
    private static V1alpha2JobSet Observed(V1alpha2JobSet jobSet)
    {
        var copy = Copy(jobSet);
        copy.Status ??= new V1alpha2JobSetStatus();
        return copy;
    }

    /// <summary>
    /// A private deep copy whose condition times are UTC: a time built in code (or left unset)
    /// has an unspecified kind, which the wire format would shift by the local time zone.
    /// Null list entries (a malformed status) are dropped, as the API server would not store them.
    /// </summary>
    private static V1alpha2JobSet Copy(V1alpha2JobSet jobSet)
    {
        var copy = ModelCopy.Of(jobSet)!;
        if (copy.Status is { } status)
        {
            status.Conditions = status.Conditions is null ? null : [.. status.Conditions.Where(c => c is not null)];
            status.ReplicatedJobsStatus = status.ReplicatedJobsStatus is null ? null : [.. status.ReplicatedJobsStatus.Where(s => s is not null)];
        }

        foreach (var condition in copy.Status?.Conditions ?? [])
        {
            condition.LastTransitionTime = Times.Utc(condition.LastTransitionTime).UtcDateTime;
        }

        return copy;
    }
}
