using JobSet.Core.Api;

namespace JobSet.Core.Planning;

/// <summary>
/// dependsOn: a ReplicatedJob starts only once each ReplicatedJob it depends on reached the
/// status: Complete (replicas == succeeded) or Ready (replicas == ready + succeeded + failed).
/// Replicas are those of the ReplicatedJobs seen so far in spec order, as upstream.
/// </summary>
internal static class DependsOnStep
{
    /// <summary>Whether every dependency of <paramref name="rjob"/> reached its status.</summary>
    public static bool Reached(V1alpha2ReplicatedJob rjob, IReadOnlyDictionary<string, int> replicasSoFar, IReadOnlyDictionary<string, V1alpha2ReplicatedJobStatus> statuses)
    {
        foreach (var dependency in rjob.DependsOn ?? [])
        {
            if (!statuses.TryGetValue(dependency.Name, out var actual))
            {
                return false;
            }

            var replicas = replicasSoFar.GetValueOrDefault(dependency.Name);
            if (dependency.Status == DependsOnStatus.Complete && replicas != actual.Succeeded)
            {
                return false;
            }

            if (dependency.Status == DependsOnStatus.Ready && replicas != actual.Failed + actual.Ready + actual.Succeeded)
            {
                return false;
            }
        }

        return true;
    }
}
