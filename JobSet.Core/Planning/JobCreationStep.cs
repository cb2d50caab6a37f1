using JobSet.Core.Api;

namespace JobSet.Core.Planning;

/// <summary>
/// Creates the missing Jobs of each ReplicatedJob in spec order (upstream's
/// reconcileReplicatedJobs), honouring dependsOn, the InOrder startup policy (stop after the
/// first ReplicatedJob not yet started) and BlockingRecreate (no creates while Jobs of a
/// previous attempt still exist). Existing names are looked up in a bitmap: O(Jobs).
/// </summary>
internal static class JobCreationStep
{
    public static void Plan(ReconcileContext context, ChildJobs children, IReadOnlyDictionary<string, V1alpha2ReplicatedJobStatus> statuses)
    {
        var jobSet = context.JobSet;
        var inOrder = StartupPolicyStep.InOrder(jobSet);
        var blocked = children.Previous.Count > 0 && jobSet.Spec.FailurePolicy?.RestartStrategy == RestartStrategy.BlockingRecreate;
        var replicasSoFar = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rjob in context.Layout.ReplicatedJobs)
        {
            replicasSoFar[rjob.Name] = rjob.Replicas;
            if (!DependsOnStep.Reached(rjob.Spec, replicasSoFar, statuses))
            {
                continue;
            }

            if (!context.Suspended && inOrder && StartupPolicyStep.AllReplicasStarted(rjob.Replicas, statuses.GetValueOrDefault(rjob.Name)))
            {
                continue;
            }

            if (!blocked)
            {
                CreateMissing(context, children, rjob);
            }

            if (!context.Suspended && inOrder)
            {
                StartupPolicyStep.SetInProgress(context);
                return;
            }
        }

        if (!context.Suspended && inOrder)
        {
            StartupPolicyStep.SetCompleted(context);
        }
    }

    private static void CreateMissing(ReconcileContext context, ChildJobs children, ReplicatedJobLayout rjob)
    {
        children.Names.Bind(context.Name, context.Layout);
        if (children.Names.ContainsAll(rjob.Name, rjob.Replicas))
        {
            return;
        }

        JobBuilder? builder = null;
        for (var index = 0; index < rjob.Replicas; index++)
        {
            if (children.Names.Contains(rjob.Name, index))
            {
                continue;
            }

            if (builder is null)
            {
                builder = new JobBuilder(context.JobSet, rjob, context.Layout.GlobalReplicas, context.Gates);
                context.Actions.EnsureCapacity(context.Actions.Count + rjob.Replicas - index);
            }

            context.Create(builder.Build(index));
        }
    }
}
