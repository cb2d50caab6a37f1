using JobSet.Core.Planning;

namespace JobSet.Tests.Planning;

/// <summary>Resuming a JobSet with dependsOn: Jobs whose dependency is not reached stay suspended.</summary>
public class SuspensionTests
{
    private static List<string> Types(ReconcilePlan plan) => [.. plan.Actions.Select(a => $"{a.Type} {a.Resource.Kind} {a.Resource.Metadata.Name}")];

    [Test]
    public void Resume_leaves_dependent_jobs_suspended_until_the_dependency_is_ready_again()
    {
        var yaml = Manifests.LeaderWorkers.Replace(
            "  - name: workers\n    replicas: 2\n",
            "  - name: workers\n    replicas: 2\n    dependsOn:\n    - name: leader\n      status: Ready\n",
            StringComparison.Ordinal);
        var cluster = new Cluster(yaml);
        cluster.Step();
        cluster.Ready("train-leader-0");
        cluster.Step(Cluster.T0.AddMinutes(1));
        Assert.That(cluster.Jobs.Select(j => j.Metadata.Name), Is.EquivalentTo(new[] { "train-leader-0", "train-workers-0", "train-workers-1" }));

        cluster.JobSet.Spec.Suspend = true;
        cluster.Step(Cluster.T0.AddMinutes(2));
        // A suspended Job's pods are gone: nothing is ready.
        cluster.Jobs.ForEach(j => j.Status = new k8s.Models.V1JobStatus());
        cluster.JobSet.Spec.Suspend = false;
        var resume = cluster.Step(Cluster.T0.AddMinutes(3));

        Assert.Multiple(() =>
        {
            Assert.That(Types(resume), Does.Contain("Update Job train-leader-0"));
            Assert.That(Types(resume), Has.None.StartsWith("Update Job train-workers"));
            Assert.That(cluster.Jobs.Where(j => j.Metadata.Name!.Contains("workers", StringComparison.Ordinal)).Select(j => j.Spec.Suspend), Is.All.True);
        });

        cluster.Ready("train-leader-0");
        var later = cluster.Step(Cluster.T0.AddMinutes(4));

        Assert.That(Types(later), Does.Contain("Update Job train-workers-0").And.Contain("Update Job train-workers-1"));
    }
}
