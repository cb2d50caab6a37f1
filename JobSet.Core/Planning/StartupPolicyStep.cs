using JobSet.Core.Api;

namespace JobSet.Core.Planning;

/// <summary>
/// The InOrder startup policy: ReplicatedJobs are created (and resumed) one after the other,
/// each once the previous one has started (all its Jobs ready, succeeded or failed).
/// </summary>
internal static class StartupPolicyStep
{
    /// <summary>Whether <c>startupPolicyOrder</c> is InOrder.</summary>
    public static bool InOrder(V1alpha2JobSet jobSet) => jobSet.Spec.StartupPolicy?.StartupPolicyOrder == StartupPolicyOrder.InOrder;

    /// <summary>Whether every replica has started: replicas == failed + ready + succeeded.</summary>
    public static bool AllReplicasStarted(int replicas, V1alpha2ReplicatedJobStatus? status) =>
        status is not null && replicas == status.Failed + status.Ready + status.Succeeded;

    /// <summary>StartupPolicyInProgress True (turns StartupPolicyCompleted False).</summary>
    public static void SetInProgress(ReconcileContext context) =>
        Conditions.Set(context, JobSetConditionType.StartupPolicyInProgress, true, Reasons.InOrderStartupPolicyInProgress, Messages.InOrderStartupPolicyInProgress, EventType.Normal);

    /// <summary>StartupPolicyCompleted True (turns StartupPolicyInProgress False).</summary>
    public static void SetCompleted(ReconcileContext context) =>
        Conditions.Set(context, JobSetConditionType.StartupPolicyCompleted, true, Reasons.InOrderStartupPolicyCompleted, Messages.InOrderStartupPolicyCompleted, EventType.Normal);
}
