using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Planning;

namespace JobSet.Tests.Planning;

/// <summary>
/// The failure-policy actions and their restart counting, one row per case of upstream's
/// TestApplyFailurePolicyRuleAction (failure_policy_test.go), run through the whole planner.
/// </summary>
public class FailureActionTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        // action, RestartJob gate, maxRestarts, restarts, countTowardsMax, jobRestarts, jobRestartsCountTowardsMax
        // -> restarts, countTowardsMax, jobRestarts, jobRestartsCountTowardsMax, Failed reason ("" when not failed)
        yield return new TestCaseData("FailJobSet", false, 0, 0, 0, null, null, 0, 0, null, null, "FailJobSetFailurePolicyAction")
            .SetName("FailJobSet fails the jobset");
        yield return new TestCaseData("RestartJobSet", false, 5, 0, 0, null, null, 1, 1, null, null, "")
            .SetName("RestartJobSet below max counts towards max");
        yield return new TestCaseData("RestartJobSet", false, 2, 2, 2, null, null, 2, 2, null, null, "ReachedMaxRestarts")
            .SetName("RestartJobSet at max fails the jobset");
        yield return new TestCaseData("RestartJobSetAndIgnoreMaxRestarts", false, 0, 3, 0, null, null, 4, 0, null, null, "")
            .SetName("RestartJobSetAndIgnoreMaxRestarts does not count");
        yield return new TestCaseData("RestartJob", true, 5, 0, 0, new[] { 0 }, new[] { 0 }, 0, 0, new[] { 1 }, new[] { 1 }, "")
            .SetName("RestartJob below combined max counts the job");
        yield return new TestCaseData("RestartJob", true, 2, 1, 1, new[] { 1 }, new[] { 1 }, 1, 1, new[] { 1 }, new[] { 1 }, "ReachedMaxRestarts")
            .SetName("RestartJob at combined max fails the jobset");
        yield return new TestCaseData("RestartJobSet", true, 2, 1, 1, new[] { 1 }, new[] { 1 }, 1, 1, new[] { 1 }, new[] { 1 }, "ReachedMaxRestarts")
            .SetName("RestartJobSet at combined max with an earlier job restart fails the jobset");
        yield return new TestCaseData("RestartJobAndIgnoreMaxRestarts", true, 1, 0, 0, new[] { 1 }, new[] { 0 }, 0, 0, new[] { 2 }, new[] { 0 }, "")
            .SetName("RestartJobAndIgnoreMaxRestarts does not count");
    }

    [TestCaseSource(nameof(Cases))]
    public void Action_updates_restarts_as_upstream(
        string action, bool gate, int maxRestarts, int restarts, int counted, int[]? jobRestarts, int[]? jobCounted,
        int expectRestarts, int expectCounted, int[]? expectJobRestarts, int[]? expectJobCounted, string expectFailedReason)
    {
        var cluster = new Cluster(Manifests.Single($"failurePolicy:\n  maxRestarts: {maxRestarts}\n  rules:\n  - action: {action}", replicas: 1))
        {
            Gates = new FeatureGates(RestartJob: gate),
        };
        cluster.JobSet.Status = new V1alpha2JobSetStatus
        {
            Restarts = restarts,
            RestartsCountTowardsMax = counted,
            ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "rj", JobRestarts = jobRestarts, JobRestartsCountTowardsMax = jobCounted }],
        };
        cluster.Step();
        cluster.Fail("solo-rj-0", Cluster.T0);

        var plan = cluster.Plan(Cluster.T0.AddMinutes(1));

        var status = plan.Status;
        var rj = status.ReplicatedJobsStatus!.Single();
        Assert.Multiple(() =>
        {
            Assert.That(plan!.Error(), Is.Null);
            Assert.That(plan.StatusChanged, Is.True);
            Assert.That((status.Restarts, status.RestartsCountTowardsMax), Is.EqualTo((expectRestarts, expectCounted)));
            Assert.That(rj.JobRestarts, Is.EqualTo(expectJobRestarts));
            Assert.That(rj.JobRestartsCountTowardsMax, Is.EqualTo(expectJobCounted));
            Assert.That(status.Conditions?.SingleOrDefault(c => c.Type == "Failed")?.Reason ?? "", Is.EqualTo(expectFailedReason));
            Assert.That(status.TerminalState, Is.EqualTo(expectFailedReason.Length > 0 ? "Failed" : null));
        });
    }
}
