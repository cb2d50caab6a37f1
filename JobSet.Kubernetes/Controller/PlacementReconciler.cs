using JobSet.Core.Api;
using JobSet.Core.Placement;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Controller;

/// <summary>
/// Upstream's pod controller: when a leader pod of an exclusive-placement Job is scheduled,
/// <see cref="PlacementViolation.Detect"/> judges its followers; on a violation every follower
/// gets a DisruptionTarget condition and is deleted, so that the Job recreates it behind the
/// leader. Reads the leader's Job's pods and node from the caches (O(pods of the Job)).
/// </summary>
internal sealed partial class PlacementReconciler
{
    private readonly IPlacementCache cache;
    private readonly IKubernetes client;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public PlacementReconciler(IPlacementCache cache, IKubernetes client, TimeProvider time, ILogger logger)
    {
        this.cache = cache;
        this.client = client;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Whether an event on this pod can call for a check (only exclusive-placement leaders).</summary>
    public static bool Watches(V1Pod pod) => PodFacts.IsLeader(pod) && PodFacts.ExclusiveTopologyKey(pod) is not null;

    public async Task<ReconcileResult> ReconcileAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var leader = cache.Pod(ns, name);
        if (leader is null)
        {
            return ReconcileResult.Done;
        }

        var jobKey = leader.GetLabel(WellKnownKeys.JobKey);
        var pods = jobKey is null ? [leader] : cache.PodsOfJob(ns, jobKey);
        var node = leader.Spec?.NodeName is { Length: > 0 } nodeName ? cache.Node(nodeName) : null;
        var index = PlacementIndex.Build(pods, node is null ? [] : [node]);
        var check = PlacementViolation.Detect(leader, index, time.GetUtcNow());
        if (check.TryPickT3(out var undecided, out _))
        {
            return ReconcileResult.Failed(undecided.Message);
        }

        if (check.Actions.Count > 0)
        {
            var followers = check.Actions.Count(a => a.IsT1);
            LogViolation(logger, ns, name, followers);
        }

        foreach (var action in check.Actions)
        {
            try
            {
                await action.Match(
                    mark => (Task)client.CoreV1.PatchNamespacedPodStatusAsync(ConditionPatch(mark.Condition), mark.Pod.Metadata.Name, ns, cancellationToken: cancellationToken),
                    delete => client.CoreV1.DeleteNamespacedPodAsync(
                        delete.Name,
                        delete.Namespace,
                        body: new V1DeleteOptions { PropagationPolicy = delete.PropagationPolicy, Preconditions = delete.Uid is null ? null : new V1Preconditions { Uid = delete.Uid } },
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (Exception ex) when (KubeErrors.IsNotFound(ex) || (action.IsT1 && KubeErrors.IsConflict(ex)))
            {
                // The follower is already gone (or replaced by a newer pod of that name).
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ReconcileResult.Failed($"pod {action.PodName}: {KubeErrors.Message(ex)}");
            }
        }

        return ReconcileResult.Done;
    }

    /// <summary>A strategic merge patch adding one condition (conditions merge by type), so the cached pod need not be whole.</summary>
    private static V1Patch ConditionPatch(V1PodCondition condition) =>
        new(new V1Pod { Status = new V1PodStatus { Conditions = [condition] } }, V1Patch.PatchType.StrategicMergePatch);

    [LoggerMessage(Level = LogLevel.Information, Message = "leader pod {Namespace}/{Name}: exclusive placement violated, deleting {Followers} follower pods")]
    private static partial void LogViolation(ILogger logger, string @namespace, string name, int followers);
}
