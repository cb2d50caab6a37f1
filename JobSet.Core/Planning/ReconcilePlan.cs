using JobSet.Core.Api;

namespace JobSet.Core.Planning;

/// <summary>
/// The outcome of one reconcile of one JobSet: what to apply, in order, and what to emit.
/// Applying it means running <see cref="Actions"/> in order, stopping at the first failure,
/// then emitting <see cref="Events"/>, then looking again after <see cref="RequeueAfter"/>
/// (or on the next change).
/// </summary>
/// <param name="Namespace">The JobSet's namespace.</param>
/// <param name="Name">The JobSet's name.</param>
/// <param name="Skipped">Why the controller does nothing (<see cref="SkipReason"/>), or empty.</param>
/// <param name="StatusChanged">Whether the JobSet's status changed (the last action then writes it).</param>
/// <param name="Status">The full JobSet status after this reconcile.</param>
/// <param name="Actions">The writes, in apply order.</param>
/// <param name="Events">The events to emit once the status write succeeded.</param>
/// <param name="RequeueAfter">When to reconcile again at the latest; null when only a change should trigger it.</param>
/// <param name="Error">
/// Why the reconcile stopped early (e.g. a child Job with a malformed label), as upstream
/// returns an error: the actions before the stop are kept, the status is not written, and the
/// controller retries with backoff. Null when the reconcile completed.
/// </param>
public sealed record ReconcilePlan(
    string Namespace,
    string Name,
    string Skipped,
    bool StatusChanged,
    V1alpha2JobSetStatus Status,
    IReadOnlyList<PlanAction> Actions,
    IReadOnlyList<PlanEvent> Events,
    TimeSpan? RequeueAfter,
    string? Error);

/// <summary>Values of <see cref="ReconcilePlan.Skipped"/>.</summary>
public static class SkipReason
{
    /// <summary><c>spec.managedBy</c> names another controller (e.g. MultiKueue).</summary>
    public const string ManagedByExternalController = "ManagedByExternalController";

    /// <summary>The JobSet has a deletion timestamp.</summary>
    public const string Deleting = "Deleting";
}
