using JobSet.Core.Api;

namespace JobSet.Core.Planning;

/// <summary>
/// The outcome of one reconcile of one JobSet. An applier switches on <see cref="Outcome"/>:
/// <list type="bullet">
/// <item><see cref="ReconcileOutcome.Skipped"/>: nothing to do (<see cref="Reason"/> says why).</item>
/// <item><see cref="ReconcileOutcome.Planned"/>: apply <see cref="Actions"/>; then, when
/// <see cref="StatusChanged"/>, write <see cref="JobSet"/>'s status through the status
/// subresource; then emit <see cref="Events"/>; then look again after
/// <see cref="RequeueAfter"/> (or on the next change).</item>
/// <item><see cref="ReconcileOutcome.Failed"/>: apply <see cref="Actions"/> (what upstream wrote
/// before it returned its error), write no status and no events, and retry with backoff
/// (<see cref="Reason"/> is the error).</item>
/// </list>
/// Actions run in upstream's order; consecutive actions of one kind (the Job creates of a
/// ReplicatedJob, the deletes of a restart) may run in parallel, as upstream runs them.
/// </summary>
/// <param name="JobSet">
/// A private copy of the JobSet as planned: for a planned reconcile it carries the status after
/// this reconcile (with the resourceVersion it was planned from); otherwise the status observed.
/// </param>
/// <param name="Outcome">Which of the three cases this is.</param>
/// <param name="Reason">Skipped: a <see cref="SkipReason"/> value; Failed: the error; Planned: null.</param>
/// <param name="StatusChanged">Whether the status must be written (only when planned).</param>
/// <param name="Actions">The child-object writes, in apply order; never the JobSet's own status write.</param>
/// <param name="Events">The events to emit once the status write succeeded (empty unless the status changed).</param>
/// <param name="RequeueAfter">When to reconcile again at the latest; null when only a change should trigger it.</param>
public sealed record ReconcilePlan(
    V1alpha2JobSet JobSet,
    ReconcileOutcome Outcome,
    string? Reason,
    bool StatusChanged,
    IReadOnlyList<PlanAction> Actions,
    IReadOnlyList<PlanEvent> Events,
    TimeSpan? RequeueAfter)
{
    /// <summary>The JobSet's namespace.</summary>
    public string Namespace => JobSet.NamespaceOrDefault();

    /// <summary>The JobSet's name.</summary>
    public string Name => JobSet.Metadata?.Name ?? "";

    /// <summary>The full JobSet status after this reconcile (the observed one unless planned).</summary>
    public V1alpha2JobSetStatus Status => JobSet.Status ?? new V1alpha2JobSetStatus();
}

/// <summary>The three things a reconcile can decide.</summary>
public enum ReconcileOutcome
{
    /// <summary>The reconcile ran to its end: apply the actions, then the status, then the events.</summary>
    Planned,

    /// <summary>The controller leaves this JobSet alone (<see cref="SkipReason"/>).</summary>
    Skipped,

    /// <summary>The reconcile stopped early with an error, as upstream returns one: apply the actions, then retry with backoff.</summary>
    Failed,
}

/// <summary>Values of <see cref="ReconcilePlan.Reason"/> for a skipped reconcile.</summary>
public static class SkipReason
{
    /// <summary><c>spec.managedBy</c> names another controller (e.g. MultiKueue).</summary>
    public const string ManagedByExternalController = "ManagedByExternalController";

    /// <summary>The JobSet has a deletion timestamp.</summary>
    public const string Deleting = "Deleting";
}
