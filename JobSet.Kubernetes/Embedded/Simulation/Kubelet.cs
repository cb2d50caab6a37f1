using JobSet.Core.Placement;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// The simulated kubelet of every node: a bound pod goes Pending (containers creating) to
/// Running (Ready) and, after its run time, to Succeeded or Failed with the exit code its
/// annotations give. restartPolicy OnFailure or Always restarts the containers in place
/// (restartCount + 1) instead. Deleted pods terminate; pods whose node is gone fail as pod GC
/// fails them.
/// </summary>
internal sealed class Kubelet(SimulationContext context)
{
    /// <summary>Advances one pod (bound, or deleted) as far as the clock allows and schedules its next step.</summary>
    public void Reconcile(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            Terminate(pod);
            return;
        }

        if (pod.Spec?.NodeName is not { } nodeName)
        {
            return;
        }

        if (context.Store.Get(ResourceType.Nodes, null, nodeName) is null)
        {
            FailForLostNode(pod);
            return;
        }

        if (PodFacts.IsFinished(pod))
        {
            return;
        }

        if (pod.GetAnnotation(SimulationAnnotations.FailNow) is { } failNow)
        {
            Fail(pod, PodBehaviour.FailNowExitCode(failNow), "Error", disruption: null);
            return;
        }

        var now = context.Now;
        var status = pod.Status ??= new V1PodStatus();
        if (status.Phase is null or "Pending")
        {
            if (status.StartTime is null)
            {
                StartCreating(pod, nodeName, now);
                if (context.Options.StartupTime > TimeSpan.Zero)
                {
                    Write(pod);
                    context.EnqueueAt(Key(pod), now + context.Options.StartupTime);
                    return;
                }
            }

            var ready = SimulationContext.Utc(status.StartTime!.Value) + context.Options.StartupTime;
            if (now < ready)
            {
                context.EnqueueAt(Key(pod), ready);
                return;
            }

            StartRunning(pod, now);
            Write(pod);
            ScheduleExit(pod, now);
            return;
        }

        var started = status.ContainerStatuses?.FirstOrDefault()?.State?.Running?.StartedAt is { } at
            ? SimulationContext.Utc(at)
            : now;
        if (PodBehaviour.RunTime(pod, context.Options.DefaultRunTime) is not { } runTime)
        {
            return;
        }

        if (now < started + runTime)
        {
            context.EnqueueAt(Key(pod), started + runTime);
            return;
        }

        var exitCode = PodBehaviour.ExitCode(pod);
        var restartPolicy = pod.Spec.RestartPolicy ?? "Always";
        if (restartPolicy == "Always" || (restartPolicy == "OnFailure" && exitCode != 0))
        {
            RestartContainers(pod, exitCode, now);
            Write(pod);
            ScheduleExit(pod, now);
            return;
        }

        Finish(pod, exitCode, exitCode == 0 ? "Completed" : "Error", now);
        Write(pod);
    }

    /// <summary>Fails a pod now, whatever its restart policy (fault injection, lost node, deletion).</summary>
    /// <param name="pod">The pod as last read.</param>
    /// <param name="exitCode">The containers' exit code.</param>
    /// <param name="reason">The terminated containers' reason.</param>
    /// <param name="disruption">When set, a DisruptionTarget condition with this reason and message.</param>
    public void Fail(V1Pod pod, int exitCode, string reason, (string Reason, string Message)? disruption)
    {
        if (PodFacts.IsFinished(pod))
        {
            return;
        }

        var now = context.Now;
        pod.Status ??= new V1PodStatus();
        if (disruption is { } d)
        {
            PodStatusFacts.SetCondition(pod.Status, "DisruptionTarget", "True", d.Reason, d.Message, SimulationContext.Timestamp(now));
        }

        Finish(pod, exitCode, reason, now, forceFailed: true);
        Write(pod);
    }

    private void FailForLostNode(V1Pod pod)
    {
        Fail(pod, 137, "Error", ("DeletionByPodGC", "PodGC: node no longer exists"));
        if (pod.Metadata.DeletionTimestamp is null)
        {
            context.Store.Delete(ResourceType.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        }

        ReleaseOrphan(pod);
    }

    private void Terminate(V1Pod pod)
    {
        Fail(pod, 143, "Error", disruption: null);
        ReleaseOrphan(pod);
    }

    /// <summary>
    /// A terminated pod whose Job is gone (or that has no Job) would keep the Job's tracking
    /// finalizer forever: the kubelet drops it so the delete completes.
    /// </summary>
    private void ReleaseOrphan(V1Pod pod)
    {
        if (pod.Metadata.Finalizers?.Contains(PodStatusFacts.JobTrackingFinalizer) != true)
        {
            return;
        }

        var owner = PodStatusFacts.OwningJob(pod);
        var job = owner is null ? null : context.Store.Get<V1Job>(ResourceType.Jobs, pod.Metadata.NamespaceProperty, owner.Name);
        if (job is not null && job.Metadata.Uid == owner!.Uid && job.Metadata.DeletionTimestamp is null)
        {
            // The Job controller counts the pod and releases it.
            context.Enqueue(new WorkItem(WorkKind.Job, pod.Metadata.NamespaceProperty, owner.Name));
            return;
        }

        var current = context.Store.Get<V1Pod>(ResourceType.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        if (current?.Metadata.Finalizers?.Remove(PodStatusFacts.JobTrackingFinalizer) == true)
        {
            context.Store.Update(ResourceType.Pods, current);
        }
    }

    private void StartCreating(V1Pod pod, string nodeName, DateTimeOffset now)
    {
        var status = pod.Status;
        var at = SimulationContext.Timestamp(now);
        status.StartTime = at;
        status.HostIP = context.HostIp(nodeName);
        status.HostIPs = [new V1HostIP { Ip = status.HostIP }];
        status.PodIP = context.NextPodIp(nodeName);
        status.PodIPs = [new V1PodIP { Ip = status.PodIP }];
        status.QosClass ??= "BestEffort";
        PodStatusFacts.SetCondition(status, "PodReadyToStartContainers", "True", null, null, at);
        PodStatusFacts.SetCondition(status, "Initialized", "True", null, null, at);
        PodStatusFacts.SetCondition(status, "Ready", "False", "ContainersNotReady", "containers with unready status", at);
        PodStatusFacts.SetCondition(status, "ContainersReady", "False", "ContainersNotReady", "containers with unready status", at);
        status.ContainerStatuses = [.. Containers(pod).Select(c => new V1ContainerStatus
        {
            Name = c.Name,
            Image = c.Image ?? "",
            ImageID = "",
            Ready = false,
            Started = false,
            RestartCount = 0,
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } },
        })];
    }

    private static void StartRunning(V1Pod pod, DateTimeOffset now)
    {
        var status = pod.Status;
        var at = SimulationContext.Timestamp(now);
        status.Phase = "Running";
        foreach (var container in status.ContainerStatuses ?? [])
        {
            container.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = at } };
            container.Ready = true;
            container.Started = true;
            container.ContainerID = $"sim://{pod.Metadata.Uid}/{container.Name}/{container.RestartCount}";
        }

        PodStatusFacts.SetCondition(status, "Ready", "True", null, null, at);
        PodStatusFacts.SetCondition(status, "ContainersReady", "True", null, null, at);
    }

    private static void RestartContainers(V1Pod pod, int exitCode, DateTimeOffset now)
    {
        var at = SimulationContext.Timestamp(now);
        foreach (var container in pod.Status.ContainerStatuses ?? [])
        {
            container.LastState = new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated
                {
                    ExitCode = exitCode,
                    Reason = exitCode == 0 ? "Completed" : "Error",
                    StartedAt = container.State?.Running?.StartedAt,
                    FinishedAt = at,
                    ContainerID = container.ContainerID,
                },
            };
            container.RestartCount++;
            container.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = at } };
            container.ContainerID = $"sim://{pod.Metadata.Uid}/{container.Name}/{container.RestartCount}";
        }
    }

    private static void Finish(V1Pod pod, int exitCode, string reason, DateTimeOffset now, bool forceFailed = false)
    {
        var status = pod.Status;
        var at = SimulationContext.Timestamp(now);
        status.Phase = exitCode == 0 && !forceFailed ? "Succeeded" : "Failed";
        status.ContainerStatuses ??= [.. Containers(pod).Select(c => new V1ContainerStatus { Name = c.Name, Image = c.Image ?? "", ImageID = "" })];
        foreach (var container in status.ContainerStatuses)
        {
            container.State = new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated
                {
                    ExitCode = exitCode,
                    Reason = reason,
                    StartedAt = container.State?.Running?.StartedAt,
                    FinishedAt = at,
                    ContainerID = container.ContainerID,
                },
            };
            container.Ready = false;
            container.Started = false;
        }

        var why = status.Phase == "Succeeded" ? "PodCompleted" : "PodFailed";
        PodStatusFacts.SetCondition(status, "Ready", "False", why, null, at);
        PodStatusFacts.SetCondition(status, "ContainersReady", "False", why, null, at);
    }

    private void ScheduleExit(V1Pod pod, DateTimeOffset now)
    {
        if (PodBehaviour.RunTime(pod, context.Options.DefaultRunTime) is { } runTime)
        {
            context.EnqueueAt(Key(pod), now + runTime);
        }
    }

    private void Write(V1Pod pod)
    {
        context.Store.UpdateStatus(ResourceType.Pods, pod);
        context.Enqueue(Key(pod));
        if (PodStatusFacts.OwningJob(pod) is { } owner)
        {
            context.Enqueue(new WorkItem(WorkKind.Job, pod.Metadata.NamespaceProperty, owner.Name));
        }

        if (PodFacts.IsFinished(pod))
        {
            context.Enqueue(new WorkItem(WorkKind.RetryUnschedulable, null, ""));
        }
    }

    private static IEnumerable<V1Container> Containers(V1Pod pod) => pod.Spec?.Containers ?? [];

    private static WorkItem Key(V1Pod pod) => new(WorkKind.Pod, pod.Metadata.NamespaceProperty, pod.Metadata.Name);
}
