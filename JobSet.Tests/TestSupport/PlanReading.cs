using JobSet.Core.Planning;

namespace JobSet.Tests.TestSupport;

/// <summary>Reads a plan as the <c>jobset plan</c> document shows it (the contract the tests were written against).</summary>
internal static class PlanReading
{
    /// <summary>The error of a failed reconcile, or null.</summary>
    public static string? Error(this ReconcilePlan plan) => plan.Outcome == ReconcileOutcome.Failed ? plan.Reason : null;

    /// <summary>Why the reconcile was skipped, or empty (the document's <c>skipped</c> field).</summary>
    public static string Skipped(this ReconcilePlan plan) => plan.Outcome == ReconcileOutcome.Skipped ? plan.Reason ?? "" : "";

    /// <summary>The actions with the JobSet's status write last, as the document lists them.</summary>
    public static IReadOnlyList<PlanAction> DocumentActions(this ReconcilePlan plan) => ReconcilePlanDocument.Actions(plan);
}
