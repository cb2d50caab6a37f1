using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// ElasticJobSet gate: active Jobs follow their template's parallelism and completions, but
/// only when the template keeps them equal (elastic Indexed Jobs need parallelism == completions).
/// The scaled Job replaces the observed one in the active list, as upstream patches the very
/// object it holds: a suspend or resume later in the same reconcile then writes the scaled Job
/// instead of reverting it.
/// </summary>
internal static class ElasticScalingStep
{
    public static void Sync(ReconcileContext context, List<V1Job> active)
    {
        for (var i = 0; i < active.Count; i++)
        {
            var job = active[i];
            // A plain local, not `is not { } rjob`: Stryker cannot compile a mutant of the latter.
            var rjob = context.Layout.Find(job.GetLabel(WellKnownKeys.ReplicatedJobName));
            if (rjob is null)
            {
                continue;
            }

            var parallelism = rjob.Spec.Template.Spec?.Parallelism;
            var completions = rjob.Spec.Template.Spec?.Completions;
            if (!NeedsUpdate(job, parallelism, completions))
            {
                continue;
            }

            var updated = ModelCopy.Of(job)!;
            updated.Spec ??= new V1JobSpec();
            updated.Spec.Parallelism = parallelism;
            updated.Spec.Completions = completions;
            context.Update(updated, new JobChanges { Scales = true, Parallelism = parallelism, Completions = completions });
            active[i] = updated;
        }
    }

    /// <summary>Whether the desired values are equal to each other and differ from the Job's.</summary>
    public static bool NeedsUpdate(V1Job job, int? parallelism, int? completions) =>
        parallelism == completions && (job.Spec?.Parallelism != parallelism || job.Spec?.Completions != completions);
}
