using JobSet.Core.Api;
using JobSet.Core.Planning;

namespace JobSet.Tests.Planning;

/// <summary>The TTL step on a status that names no finish.</summary>
public class TtlAfterFinishedStatusTests
{
    [Test]
    public void A_status_without_conditions_is_an_error_naming_the_jobset()
    {
        var jobSet = Cluster.Read(Manifests.Single("ttlSecondsAfterFinished: 5", replicas: 1));
        jobSet.Status = new() { Conditions = null };

        var error = TtlAfterFinishedStep.Execute(new ReconcileContext(jobSet, Cluster.T0, FeatureGates.Default));

        Assert.That(error, Is.EqualTo("unable to find the status of the finished JobSet default/solo"));
    }
}
