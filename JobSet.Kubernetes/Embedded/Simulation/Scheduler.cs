using JobSet.Core.Placement;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// The simulated default scheduler: binds pending pods (spec.nodeName and PodScheduled=True)
/// to a feasible node with the fewest pods, or marks them PodScheduled=False Unschedulable with
/// the reasons per node. Pods with scheduling gates wait (PodScheduled=False SchedulingGated);
/// pods for another scheduler are left alone.
/// </summary>
internal sealed class Scheduler(SimulationContext context, EventRecorder events)
{
    private SchedulingSnapshot? snapshot;
    private long nodesVersion = -1;

    /// <summary>The scheduler name this scheduler serves.</summary>
    public const string DefaultSchedulerName = "default-scheduler";

    /// <summary>Whether the scheduler should look at the pod: unbound, not deleted, not finished, ours.</summary>
    public static bool WantsToSchedule(V1Pod pod) =>
        pod.Spec is not null
        && string.IsNullOrEmpty(pod.Spec.NodeName)
        && pod.Metadata.DeletionTimestamp is null
        && !PodFacts.IsFinished(pod)
        && (string.IsNullOrEmpty(pod.Spec.SchedulerName) || pod.Spec.SchedulerName == DefaultSchedulerName);

    /// <summary>
    /// Schedules the pods in order against one snapshot of the cluster; returns the pods bound,
    /// as stored (the caller's kubelet starts them). A bind refused with a conflict (the pod
    /// changed or is being deleted) requeues that pod only.
    /// </summary>
    public List<V1Pod> Schedule(IReadOnlyList<V1Pod> pending)
    {
        var snapshot = Snapshot();
        var bound = new List<V1Pod>();
        if (pending.Count == 0)
        {
            return bound;
        }

        snapshot.NamespaceLabels = context.Store.List<V1Namespace>(ResourceType.Namespaces, null)
            .ToDictionary(n => n.Metadata.Name, n => n.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var now = SimulationContext.Timestamp(context.Now);
        foreach (var pod in pending)
        {
            var key = new WorkItem(WorkKind.Pod, pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            try
            {
                if (Schedule(pod, key, snapshot, now) is { } stored)
                {
                    bound.Add(stored);
                }
            }
            catch (StoreException ex) when (ex.Reason == "Conflict")
            {
                // The pod changed since it was read: look at it again, as a requeue does.
                context.Enqueue(key);
            }
        }

        return bound;
    }

    private V1Pod? Schedule(V1Pod pod, WorkItem key, SchedulingSnapshot snapshot, DateTime now)
    {
        if (pod.Spec.SchedulingGates is { Count: > 0 })
        {
            context.Unschedulable.Remove(key);
            SetScheduledCondition(pod, "False", "SchedulingGated", "Scheduling is blocked due to non-empty scheduling gates", now);
            return null;
        }

        var decision = snapshot.Decide(pod);
        if (decision.NodeName is not { } nodeName)
        {
            context.Unschedulable.Add(key);
            if (SetScheduledCondition(pod, "False", "Unschedulable", decision.Message, now))
            {
                events.Record("default-scheduler", "v1", "Pod", pod.Metadata, "Warning", "FailedScheduling", decision.Message);
            }

            return null;
        }

        context.Unschedulable.Remove(key);
        // One write, as the binding subresource does: spec.nodeName and PodScheduled=True together.
        pod.Spec.NodeName = nodeName;
        pod.Status ??= new V1PodStatus();
        pod.Status.Phase ??= "Pending";
        PodStatusFacts.SetCondition(pod.Status, "PodScheduled", "True", null, null, now);
        var stored = context.Store.Bind(pod);
        context.Cache.ObserveOwnWrite(stored);
        snapshot.Place(stored, nodeName);
        events.Record("default-scheduler", "v1", "Pod", stored.Metadata, "Normal", "Scheduled", $"Successfully assigned {stored.Metadata.NamespaceProperty}/{stored.Metadata.Name} to {nodeName}");
        return stored;
    }

    /// <summary>
    /// The scheduler's view, kept across passes: the bound pods that changed since the last pass
    /// are applied to it, and it is rebuilt only when nodes changed, so a pass costs its pods, not the cluster.
    /// </summary>
    private SchedulingSnapshot Snapshot()
    {
        var nodesVersion = context.Cache.NodesVersion;
        var changes = context.Cache.TakeBoundChanges();
        if (snapshot is null || nodesVersion != this.nodesVersion)
        {
            var (nodes, bound) = context.Cache.SchedulingInputs();
            snapshot = new SchedulingSnapshot(nodes, bound, new Dictionary<string, IDictionary<string, string>>(StringComparer.Ordinal));
            this.nodesVersion = nodesVersion;
            return snapshot;
        }

        foreach (var (key, pod) in changes)
        {
            if (pod?.Spec?.NodeName is { } nodeName)
            {
                snapshot.Place(pod, nodeName);
            }
            else
            {
                snapshot.Unplace(key.Ns, key.Name);
            }
        }

        return snapshot;
    }

    /// <summary>Writes the PodScheduled condition; returns whether it changed.</summary>
    private bool SetScheduledCondition(V1Pod pod, string value, string reason, string message, DateTime now)
    {
        pod.Status ??= new V1PodStatus();
        var existing = pod.Status.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        if (existing is not null && existing.Status == value && existing.Reason == reason && existing.Message == message && pod.Status.Phase is not null)
        {
            return false;
        }

        pod.Status.Phase ??= "Pending";
        PodStatusFacts.SetCondition(pod.Status, "PodScheduled", value, reason, message, now);
        context.Store.UpdateStatus(ResourceType.Pods, pod);
        return true;
    }
}
