using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// spec.suspend. Suspending suspends every active Job and sets Suspended True. Resuming
/// unsuspends the suspended Jobs ReplicatedJob by ReplicatedJob (one at a time under InOrder,
/// after their dependencies under dependsOn), then sets Suspended False.
/// <para>
/// A resumed Job first has its status.startTime cleared (a status write: the pod template of
/// a started Job is immutable), then gets the ReplicatedJob's current scheduling directives,
/// which Kueue may have changed while the JobSet was suspended. Labels and annotations are
/// merged into the Job's, as upstream (other controllers add their own). The one intended
/// deviation from upstream: nodeSelector, tolerations and schedulingGates are replaced by
/// exactly what the Job would be built with now (the template's plus what the JobSet injects),
/// because merging them leaves a previous admission's flavor selectors behind and makes pods
/// unschedulable after an eviction and re-admission (upstream PR 1294).
/// </para>
/// </summary>
internal static class SuspensionStep
{
    public static void Suspend(ReconcileContext context, IReadOnlyList<V1Job> active)
    {
        foreach (var job in active)
        {
            if (job.Spec?.Suspend == true)
            {
                continue;
            }

            var updated = ModelCopy.Of(job)!;
            updated.Spec ??= new V1JobSpec();
            updated.Spec.Suspend = true;
            context.Update(updated, new JobChanges { Suspend = true });
        }

        Conditions.Set(context, JobSetConditionType.Suspended, true, Reasons.JobSetSuspended, Messages.JobSetSuspended, EventType.Normal);
        Conditions.SetRestartingFalse(context, Reasons.RestartingJobSetSuspended, Messages.JobSetSuspended);
    }

    public static void ResumeIfNecessary(ReconcileContext context, IEnumerable<V1Job> active, IReadOnlyDictionary<string, V1alpha2ReplicatedJobStatus> statuses)
    {
        // Only suspended Jobs are resumed, and the status counts say whether there are any: the
        // steady state reads no Job here. Each group is then sorted by name (the active Jobs come
        // in any order).
        var byReplicatedJob = new Dictionary<string, List<V1Job>>(StringComparer.Ordinal);
        var anySuspended = false;
        foreach (var status in statuses.Values)
        {
            anySuspended |= status.Suspended > 0;
        }

        foreach (var job in anySuspended ? active : [])
        {
            if (job.Spec?.Suspend != true)
            {
                continue;
            }

            var name = job.GetLabel(WellKnownKeys.ReplicatedJobName) ?? "";
            if (!byReplicatedJob.TryGetValue(name, out var list))
            {
                byReplicatedJob[name] = list = [];
            }

            list.Add(job);
        }

        var inOrder = StartupPolicyStep.InOrder(context.JobSet);
        var replicasSoFar = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rjob in context.Layout.ReplicatedJobs)
        {
            replicasSoFar[rjob.Name] = rjob.Replicas;
            if (!DependsOnStep.Reached(rjob.Spec, replicasSoFar, statuses))
            {
                continue;
            }

            if (inOrder && StartupPolicyStep.AllReplicasStarted(rjob.Replicas, statuses.GetValueOrDefault(rjob.Name)))
            {
                continue;
            }

            JobBuilder? builder = null;
            foreach (var job in (byReplicatedJob.GetValueOrDefault(rjob.Name) ?? []).OrderBy(j => j.Metadata.Name, StringComparer.Ordinal))
            {
                builder ??= new JobBuilder(context.JobSet, rjob, context.Layout.GlobalReplicas, context.Gates);
                Resume(context, job, rjob, builder);
            }

            if (inOrder)
            {
                StartupPolicyStep.SetInProgress(context);
                return;
            }
        }

        Conditions.Set(context, JobSetConditionType.Suspended, false, Reasons.JobSetResumed, Messages.JobSetResumed, EventType.Normal);
    }

    /// <summary>The startTime status write (when started) and the update that unsuspends the Job.</summary>
    public static void Resume(ReconcileContext context, V1Job job, ReplicatedJobLayout rjob, JobBuilder builder)
    {
        var updated = ModelCopy.Of(job)!;
        if (updated.Status?.StartTime is not null)
        {
            updated.Status.StartTime = null;
            context.Actions.Add(new UpdateStatusAction(ModelCopy.Of(updated)!));
        }

        updated.Spec ??= new V1JobSpec();
        updated.Spec.Template ??= new V1PodTemplateSpec();
        var podMeta = updated.Spec.Template.Metadata ??= new V1ObjectMeta();
        var podSpec = updated.Spec.Template.Spec ??= new V1PodSpec();
        var template = rjob.Spec.Template.Spec?.Template;
        KeyValuePair<string, string>[] labels = [.. template?.Metadata?.Labels ?? new Dictionary<string, string>()];
        KeyValuePair<string, string>[] annotations = [.. template?.Metadata?.Annotations ?? new Dictionary<string, string>()];
        podMeta.Labels = JobBuilder.Sorted(podMeta.Labels, labels);
        podMeta.Annotations = JobBuilder.Sorted(podMeta.Annotations, annotations);

        var index = ChildJobs.TryParseInt(job.GetLabel(WellKnownKeys.JobIndex), out var i) ? i : 0;
        var desired = builder.Build(index).Spec.Template.Spec;
        podSpec.NodeSelector = desired.NodeSelector;
        podSpec.Tolerations = desired.Tolerations;
        podSpec.SchedulingGates = desired.SchedulingGates;

        updated.Spec.Suspend = false;

        // The write itself carries only what the ReplicatedJob says, never the observed template
        // (which a controller's cache need not hold): merged labels and annotations, replaced directives.
        var changes = new PodTemplateChanges(
            labels.Length == 0 ? null : JobBuilder.Sorted(null, labels),
            annotations.Length == 0 ? null : JobBuilder.Sorted(null, annotations),
            desired.NodeSelector,
            desired.Tolerations,
            desired.SchedulingGates);
        context.Update(updated, new JobChanges { Suspend = false, Template = changes });
    }
}
