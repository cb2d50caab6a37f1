using JobSet.Core.Planning;

namespace JobSet.Tests.Planning;

/// <summary>How many succeeded Jobs complete a JobSet whose spec lacks the parts defaulting adds.</summary>
public class SuccessPolicyExpectedCountTests
{
    [TestCase(false, true, ExpectedResult = 2, TestName = "no success policy: every replica (operator All)")]
    [TestCase(true, false, ExpectedResult = 0, TestName = "no replicated jobs: nothing to wait for")]
    [TestCase(true, true, ExpectedResult = 2, TestName = "defaulted: every replica")]
    public int Expected(bool withPolicy, bool withReplicatedJobs)
    {
        var jobSet = Cluster.Read(Manifests.Single(replicas: 2));
        if (!withPolicy)
        {
            jobSet.Spec.SuccessPolicy = null;
        }

        if (!withReplicatedJobs)
        {
            jobSet.Spec.ReplicatedJobs = null;
        }

        return SuccessPolicyStep.Expected(jobSet);
    }
}
