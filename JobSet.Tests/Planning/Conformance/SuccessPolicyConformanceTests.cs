using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// The success policy against upstream's pkg/controllers/success_policy_test.go tables and
/// executeSuccessPolicy's effect in reconcile (jobset_controller.go).
/// </summary>
public class SuccessPolicyConformanceTests
{
    // Mirrors TestNumJobsMatchingSuccessPolicy (and, row by row, TestJobMatchesSuccessPolicy).
    [TestCase("rj1,rj2", "rj1,rj3", ExpectedResult = 1, TestName = "matching: one job of a target")]
    [TestCase("rj1,rj2", "rj1,rj2", ExpectedResult = 2, TestName = "matching: every job of a target")]
    [TestCase("rj1,rj2", "rj3,rj4", ExpectedResult = 0, TestName = "matching: no job of a target")]
    [TestCase("", "rj1,rj2", ExpectedResult = 2, TestName = "matching: no targets, every job counts")]
    [TestCase("rj1", "rj1,", ExpectedResult = 1, TestName = "matching: a job without the replicated job label never matches a target")]
    [TestCase("", "rj1,", ExpectedResult = 2, TestName = "matching: no targets, even a job without the label counts")]
    public int Succeeded_jobs_matching(string targets, string jobRjobs)
    {
        var jobSet = JobSetWith("All", targets, ("rj1", 1), ("rj2", 2));
        var children = new ChildJobs();
        var i = 0;
        foreach (var rjob in jobRjobs.Split(','))
        {
            var labels = rjob.Length == 0 ? null : new Dictionary<string, string> { [WellKnownKeys.ReplicatedJobName] = rjob };
            children.Succeeded.Add(new V1Job { Metadata = new V1ObjectMeta { Name = $"job{i++}", Labels = labels } });
        }

        return SuccessPolicyStep.Matching(jobSet, children);
    }

    // Mirrors TestNumJobsExpectedToSucceed (and TestReplicatedJobMatchesSuccessPolicy through the targets).
    [TestCase("Any", "", ExpectedResult = 1, TestName = "expected: Any needs one job")]
    [TestCase("All", "rj1,rj2", ExpectedResult = 3, TestName = "expected: All, every replicated job targeted")]
    [TestCase("All", "rj2", ExpectedResult = 2, TestName = "expected: All, some replicated jobs not targeted")]
    [TestCase("All", "", ExpectedResult = 3, TestName = "expected: All, no targets means every replica")]
    [TestCase("All", "unknown", ExpectedResult = 0, TestName = "expected: All, a target that names no replicated job")]
    [TestCase("", "", ExpectedResult = 0, TestName = "expected: an unknown operator expects nothing")]
    public int Jobs_expected_to_succeed(string op, string targets) =>
        SuccessPolicyStep.Expected(JobSetWith(op, targets, ("rj1", 1), ("rj2", 2)));

    // executeSuccessPolicy in reconcile: Completed=True with its event, terminal state, Restarting turned False.
    [TestCase("All", "", "train-leader-0,train-workers-0,train-workers-1", true, TestName = "success: All completes when every job succeeded")]
    [TestCase("All", "", "train-leader-0,train-workers-0", false, TestName = "success: All waits for the last job")]
    [TestCase("All", "workers", "train-workers-0,train-workers-1", true, TestName = "success: All of the targets ignores the others")]
    [TestCase("Any", "", "train-workers-1", true, TestName = "success: Any completes on the first success")]
    [TestCase("Any", "leader", "train-workers-0,train-workers-1", false, TestName = "success: Any of a target ignores other successes")]
    public void Success_policy_completes_the_jobset(string op, string targets, string succeeded, bool completes)
    {
        var targetYaml = targets.Length == 0 ? "" : $"\n  targetReplicatedJobs: [{targets}]";
        var cluster = new Cluster(Manifests.LeaderWorkersWith($"successPolicy:\n  operator: {op}{targetYaml}"));
        cluster.Step();
        cluster.AllReady();
        foreach (var name in succeeded.Split(','))
        {
            cluster.Succeed(name);
        }

        var plan = cluster.Plan(Cluster.T0.AddMinutes(1));

        var completed = plan.Status.Conditions?.SingleOrDefault(c => c.Type == "Completed");
        Assert.Multiple(() =>
        {
            Assert.That(completed is { Status: "True", Reason: "AllJobsCompleted", Message: "jobset completed successfully" }, Is.EqualTo(completes));
            Assert.That(plan.Status.TerminalState, Is.EqualTo(completes ? "Completed" : null));
            Assert.That(plan.Events.Any(e => e is { Type: "Normal", Reason: "AllJobsCompleted", Message: "jobset completed successfully" }), Is.EqualTo(completes));
            Assert.That(plan.DocumentActions().Where(a => a.Type != "UpdateStatus"), Is.Empty, "completion returns before creates; a success never deletes in the same pass");
        });
    }

    [Test]
    public void Completing_turns_restarting_false_with_the_completed_reason()
    {
        var cluster = new Cluster(Manifests.Single("successPolicy:\n  operator: Any", replicas: 1));
        cluster.JobSet.Status = new V1alpha2JobSetStatus
        {
            Restarts = 1,
            Conditions = [new V1Condition { Type = "RestartingJobSet", Status = "True", Reason = "DefaultFailurePolicy", Message = "m", LastTransitionTime = Cluster.T0.UtcDateTime }],
        };
        cluster.Step();
        cluster.Succeed("solo-rj-0");

        var plan = cluster.Plan(Cluster.T0.AddMinutes(5));

        var restarting = plan.Status.Conditions!.Single(c => c.Type == "RestartingJobSet");
        Assert.Multiple(() =>
        {
            Assert.That((restarting.Status, restarting.Reason, restarting.Message), Is.EqualTo(("False", "JobSetCompleted", "jobset completed successfully")));
            Assert.That(restarting.LastTransitionTime, Is.EqualTo(Cluster.T0.AddMinutes(5).UtcDateTime));
            // As upstream: every Job done counts as "all ready" first (JobsReady), then completion
            // rewrites the False condition's reason and message, keeping its transition time.
            Assert.That(plan.Events.Select(e => $"{e.Type} {e.Reason}"), Is.EqualTo(new[] { "Normal JobsReady", "Normal AllJobsCompleted", "Normal JobSetCompleted" }));
        });
    }

    [Test]
    public void A_failure_in_the_same_pass_wins_over_success()
    {
        var cluster = new Cluster(Manifests.Single("successPolicy:\n  operator: Any"));
        cluster.Step();
        cluster.Succeed("solo-rj-0");
        cluster.Fail("solo-rj-1", Cluster.T0);

        var plan = cluster.Plan(Cluster.T0.AddMinutes(1));

        Assert.That(plan.Status.Conditions!.Select(c => $"{c.Type}={c.Status}/{c.Reason}"), Is.EqualTo(new[] { "Failed=True/FailedJobs" }));
    }

    private static V1alpha2JobSet JobSetWith(string op, string targets, params (string Name, int Replicas)[] rjobs) => new()
    {
        Metadata = new V1ObjectMeta { Name = "test-jobset", NamespaceProperty = "default" },
        Spec = new V1alpha2JobSetSpec
        {
            ReplicatedJobs = [.. rjobs.Select(r => new V1alpha2ReplicatedJob { Name = r.Name, Replicas = r.Replicas })],
            SuccessPolicy = new V1alpha2SuccessPolicy { Operator = op, TargetReplicatedJobs = targets.Length == 0 ? [] : targets.Split(',') },
        },
    };
}
