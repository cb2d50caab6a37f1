using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// The failure policy against the tables of upstream's pkg/controllers/failure_policy_test.go,
/// ported as behaviour (inputs and expected outcomes), plus executeFailurePolicy's paths.
/// </summary>
public class FailurePolicyConformanceTests
{
    private static readonly DateTime T = FailedJobs.T;

    // Mirrors TestFindFirstFailedJob.
    public static IEnumerable<TestCaseData> FirstFailedCases()
    {
        yield return new TestCaseData(Array.Empty<V1Job>(), null).SetName("first failed: none");
        yield return new TestCaseData(new[] { FailedJobs.Make("job1", T.AddHours(-1)) }, "job1").SetName("first failed: single");
        yield return new TestCaseData(new[] { FailedJobs.Make("job1", T.AddHours(-3)), FailedJobs.Make("job2", T.AddHours(-5)) }, "job2")
            .SetName("first failed: the earliest, not the first listed");
        yield return new TestCaseData(new[] { FailedJobs.Make("job1", null), FailedJobs.Make("job2", null) }, null)
            .SetName("first failed: jobs without a Failed condition are ignored");
    }

    [TestCaseSource(nameof(FirstFailedCases))]
    public void First_failed_job(V1Job[] failed, string? expected) =>
        Assert.That(FailurePolicyStep.FirstFailed(failed)?.Metadata.Name, Is.EqualTo(expected));

    // Mirrors TestFailurePolicyRuleIsApplicable: rule reasons, targets, message patterns against one failed job.
    [TestCase("", "", "rj1", "BackoffLimitExceeded", "", ExpectedResult = true, TestName = "applicable: any rjob, any reason")]
    [TestCase("BackoffLimitExceeded", "", "rj1", "BackoffLimitExceeded", "", ExpectedResult = true, TestName = "applicable: any rjob, reason listed")]
    [TestCase("BackoffLimitExceeded", "", "rj1", "DeadlineExceeded", "", ExpectedResult = false, TestName = "applicable: any rjob, reason not listed")]
    [TestCase("", "rj1", "rj1", "BackoffLimitExceeded", "", ExpectedResult = true, TestName = "applicable: rjob targeted, any reason")]
    [TestCase("BackoffLimitExceeded", "rj1", "rj1", "BackoffLimitExceeded", "", ExpectedResult = true, TestName = "applicable: rjob targeted, reason listed")]
    [TestCase("BackoffLimitExceeded", "rj1", "rj1", "DeadlineExceeded", "", ExpectedResult = false, TestName = "applicable: rjob targeted, reason not listed")]
    [TestCase("", "rj1", "rj2", "BackoffLimitExceeded", "", ExpectedResult = false, TestName = "applicable: rjob not targeted, any reason")]
    [TestCase("BackoffLimitExceeded", "rj1", "rj2", "BackoffLimitExceeded", "", ExpectedResult = false, TestName = "applicable: rjob not targeted, reason listed")]
    [TestCase("BackoffLimitExceeded", "rj1", "rj2", "DeadlineExceeded", "", ExpectedResult = false, TestName = "applicable: rjob not targeted, reason not listed")]
    public bool Rule_applies_by_reason_and_target(string reasons, string targets, string rjob, string reason, string message)
    {
        var rule = new V1alpha2FailurePolicyRule
        {
            Name = "r",
            Action = FailurePolicyAction.FailJobSet,
            OnJobFailureReasons = Split(reasons),
            TargetReplicatedJobs = Split(targets),
        };
        var job = FailedJobs.Make("test-job", T, rjob, reason, message);
        return FailurePolicyStep.Applies(rule, job, job.Status.Conditions[0], new FailureMessagePatterns());
    }

    // Mirrors the message-pattern rows of TestFailurePolicyRuleIsApplicable.
    [TestCase("", "^job failed because.*", "job failed because of a bug", ExpectedResult = true, TestName = "applicable: message pattern matches")]
    [TestCase("", "^job failed because.*", "another error message", ExpectedResult = false, TestName = "applicable: message pattern does not match")]
    [TestCase("BackoffLimitExceeded", ".*bug.*", "job failed because of a bug", ExpectedResult = true, TestName = "applicable: reason and message pattern match")]
    [TestCase("BackoffLimitExceeded", ".*bug.*", "job failed due to something else", ExpectedResult = false, TestName = "applicable: reason matches, message pattern does not")]
    public bool Rule_applies_by_message_pattern(string reasons, string pattern, string message)
    {
        var rule = new V1alpha2FailurePolicyRule { Name = "r", Action = FailurePolicyAction.FailJobSet, OnJobFailureReasons = Split(reasons), OnJobFailureMessagePatterns = [pattern] };
        var job = FailedJobs.Make("test-job", T, "rj1", "BackoffLimitExceeded", message);
        return FailurePolicyStep.Applies(rule, job, job.Status.Conditions[0], new FailureMessagePatterns());
    }

    // Mirrors TestFindFirstFailedPolicyRuleAndJob. Rules: r1/r2/r3 match reasons
    // BackoffLimitExceeded/DeadlineExceeded/FailedIndexes; "unmatched" targets an unknown rjob.
    [TestCase("", "", -1, null, TestName = "rule and job: no jobs, no rules")]
    [TestCase("", "job1", -1, null, TestName = "rule and job: one job, no rules")]
    [TestCase("r2", "job1", -1, null, TestName = "rule and job: one job, one rule not matching")]
    [TestCase("r1,r2,r3", "job1", 0, "job1", TestName = "rule and job: first rule matches")]
    [TestCase("r1,r2,r3", "job2", 1, "job2", TestName = "rule and job: second rule matches")]
    [TestCase("r1,r2,r3", "job3", 2, "job3", TestName = "rule and job: third rule matches")]
    [TestCase("", "job1,job2", -1, null, TestName = "rule and job: two jobs, no rules")]
    [TestCase("r2", "job1,job1dup", -1, null, TestName = "rule and job: two jobs, rule matches neither")]
    [TestCase("r1", "job1,job1dup", 0, "job1dup", TestName = "rule and job: rule matches both, the earlier failure wins")]
    [TestCase("unmatched,r1", "job1,job1dup", 1, "job1dup", TestName = "rule and job: second rule matches both, the earlier failure wins")]
    public void First_matching_rule_and_its_earliest_job(string ruleKeys, string jobKeys, int expectedRule, string? expectedJob)
    {
        var jobs = new Dictionary<string, V1Job>
        {
            ["job1"] = FailedJobs.Make("job1", T.AddHours(-6), reason: "BackoffLimitExceeded"),
            ["job1dup"] = FailedJobs.Make("job1dup", T.AddHours(-12), reason: "BackoffLimitExceeded"),
            ["job2"] = FailedJobs.Make("job2", T.AddHours(-3), reason: "DeadlineExceeded"),
            ["job3"] = FailedJobs.Make("job3", T.AddHours(-1), reason: "FailedIndexes"),
        };
        var rules = new Dictionary<string, V1alpha2FailurePolicyRule>
        {
            ["r1"] = new() { Name = "r1", Action = FailurePolicyAction.RestartJobSet, OnJobFailureReasons = ["BackoffLimitExceeded"] },
            ["r2"] = new() { Name = "r2", Action = FailurePolicyAction.RestartJobSet, OnJobFailureReasons = ["DeadlineExceeded"] },
            ["r3"] = new() { Name = "r3", Action = FailurePolicyAction.RestartJobSet, OnJobFailureReasons = ["FailedIndexes"] },
            ["unmatched"] = new() { Name = "unmatched", Action = FailurePolicyAction.RestartJobSet, TargetReplicatedJobs = ["fakeReplicatedJobName"] },
        };
        var ruleList = Split(ruleKeys).Select(k => rules[k]).ToList();

        var (rule, job) = FailurePolicyStep.FindRuleAndJob(ruleList, [.. Split(jobKeys).Select(k => jobs[k])]);

        Assert.Multiple(() =>
        {
            Assert.That(rule, expectedRule < 0 ? Is.Null : Is.SameAs(ruleList[expectedRule]));
            Assert.That(job?.Metadata.Name, Is.EqualTo(expectedJob));
        });
    }

    // Mirrors TestApplyFailurePolicyRuleAction, run through the whole planner (one ReplicatedJob "rj" of one Job).
    public static IEnumerable<TestCaseData> ActionCases()
    {
        // action, rule name, RestartJob gate, maxRestarts, restarts, countTowardsMax, jobRestarts, jobCounted,
        // -> restarts, countTowardsMax, jobRestarts, jobCounted, conditions
        yield return new TestCaseData("FailJobSet", "", false, 0, 0, 0, null, null, 0, 0, null, null, new[] { "Failed=True/FailJobSetFailurePolicyAction" })
            .SetName("action: FailJobSet");
        yield return new TestCaseData("RestartJobSet", "", true, 5, 1, 1, null, null, 2, 2, null, null, new[] { "RestartingJobSet=True/FailurePolicy_" })
            .SetName("action: RestartJobSet below max counts towards max");
        yield return new TestCaseData("RestartJobSet", "Rule1", true, 5, 1, 1, null, null, 2, 2, null, null, new[] { "RestartingJobSet=True/FailurePolicy_Rule1" })
            .SetName("action: RestartJobSet names the matching rule in the Restarting reason");
        yield return new TestCaseData("RestartJobSet", "", true, 2, 2, 2, null, null, 2, 2, null, null, new[] { "Failed=True/ReachedMaxRestarts" })
            .SetName("action: RestartJobSet at max fails the jobset");
        yield return new TestCaseData("RestartJobSetAndIgnoreMaxRestarts", "", true, 1, 1, 1, null, null, 2, 1, null, null, new[] { "RestartingJobSet=True/FailurePolicy_" })
            .SetName("action: RestartJobSetAndIgnoreMaxRestarts does not count");
        yield return new TestCaseData("RestartJob", "", true, 5, 0, 0, new[] { 0 }, new[] { 0 }, 0, 0, new[] { 1 }, new[] { 1 }, Array.Empty<string>())
            .SetName("action: RestartJob below combined max counts the job");
        yield return new TestCaseData("RestartJob", "", true, 2, 1, 1, new[] { 1 }, new[] { 1 }, 1, 1, new[] { 1 }, new[] { 1 }, new[] { "Failed=True/ReachedMaxRestarts" })
            .SetName("action: RestartJob at combined max fails the jobset");
        yield return new TestCaseData("RestartJobSet", "", true, 2, 1, 1, new[] { 1 }, new[] { 1 }, 1, 1, new[] { 1 }, new[] { 1 }, new[] { "Failed=True/ReachedMaxRestarts" })
            .SetName("action: RestartJobSet at combined max after a job restart fails the jobset");
        yield return new TestCaseData("RestartJobAndIgnoreMaxRestarts", "", true, 1, 0, 0, new[] { 1 }, new[] { 0 }, 0, 0, new[] { 2 }, new[] { 0 }, Array.Empty<string>())
            .SetName("action: RestartJobAndIgnoreMaxRestarts does not count");
        // From the integration tests (test/integration/controller/jobset_controller_test.go): arrays start empty.
        yield return new TestCaseData("RestartJob", "", true, 1, 0, 0, null, null, 0, 0, new[] { 1 }, new[] { 1 }, Array.Empty<string>())
            .SetName("action: RestartJob from empty arrays fills both");
        yield return new TestCaseData("RestartJobAndIgnoreMaxRestarts", "", true, 1, 0, 0, null, null, 0, 0, new[] { 1 }, null, Array.Empty<string>())
            .SetName("action: RestartJobAndIgnoreMaxRestarts from empty arrays leaves the counted array unset");
        yield return new TestCaseData("RestartJobSet", "", false, 2, 1, 1, new[] { 1 }, new[] { 1 }, 2, 2, null, null, new[] { "RestartingJobSet=True/FailurePolicy_" })
            .SetName("action: RestartJobSet without the gate ignores job restarts when counting");
    }

    [TestCaseSource(nameof(ActionCases))]
    public void Action_changes_the_status_as_upstream(
        string action, string ruleName, bool gate, int maxRestarts, int restarts, int counted, int[]? jobRestarts, int[]? jobCounted,
        int expectRestarts, int expectCounted, int[]? expectJobRestarts, int[]? expectJobCounted, string[] expectConditions)
    {
        var name = ruleName.Length > 0 ? $"\n    name: {ruleName}" : "";
        var plan = PlanAfterFailure($"failurePolicy:\n  maxRestarts: {maxRestarts}\n  rules:\n  - action: {action}{name}", gate, restarts, counted, jobRestarts, jobCounted);

        var status = plan.Status;
        var rj = status.ReplicatedJobsStatus!.Single();
        // A rule without a name gets the defaulter's generated name; only named rules are compared whole.
        var conditions = (status.Conditions ?? []).Select(c => $"{c.Type}={c.Status}/{c.Reason}")
            .Select(c => ruleName.Length == 0 && c.Contains("/FailurePolicy_", StringComparison.Ordinal) ? c[..(c.IndexOf('_', StringComparison.Ordinal) + 1)] : c);
        Assert.Multiple(() =>
        {
            Assert.That(plan!.Error(), Is.Null);
            Assert.That(plan.StatusChanged, Is.True);
            Assert.That((status.Restarts, status.RestartsCountTowardsMax), Is.EqualTo((expectRestarts, expectCounted)));
            Assert.That(rj.JobRestarts, Is.EqualTo(expectJobRestarts));
            Assert.That(rj.JobRestartsCountTowardsMax, Is.EqualTo(expectJobCounted));
            Assert.That(conditions, Is.EquivalentTo(expectConditions));
            Assert.That(status.TerminalState, Is.EqualTo(expectConditions.Any(c => c.StartsWith("Failed", StringComparison.Ordinal)) ? "Failed" : null));
        });
    }

    // executeFailurePolicy: which condition, event and message each path produces.
    [TestCase(null, "Failed", "FailedJobs", "jobset failed due to one or more job failures (first failed job: solo-rj-1)",
        "Warning FailedJobs", TestName = "execute: no failure policy fails the jobset naming the earliest failed job")]
    [TestCase("failurePolicy:\n  maxRestarts: 3\n  rules:\n  - action: FailJobSet\n    name: never\n    onJobFailureReasons: [DeadlineExceeded]",
        "RestartingJobSet", "DefaultFailurePolicy", "applying RestartJobSet failure policy action (first failed job: solo-rj-1)",
        "Warning DefaultFailurePolicy|Warning RestartJobSetFailurePolicyAction", TestName = "execute: no rule matches, the default action restarts the jobset")]
    [TestCase("failurePolicy:\n  maxRestarts: 3\n  rules:\n  - action: FailJobSet\n    name: late\n    onJobFailureMessagePatterns: ['second']",
        "Failed", "FailJobSetFailurePolicyAction", "applying FailJobSet failure policy action (first failed job: solo-rj-0)",
        "Warning FailJobSetFailurePolicyAction", TestName = "execute: the matching rule acts on its own earliest job, not the overall first")]
    [TestCase("failurePolicy:\n  maxRestarts: 0",
        "Failed", "ReachedMaxRestarts", "jobset failed due to reaching max number of restarts (first failed job: solo-rj-1)",
        "Warning ReachedMaxRestarts", TestName = "execute: policy without rules and no restarts left fails the jobset")]
    public void Execute_sets_the_condition_and_events(string? policy, string type, string reason, string message, string events)
    {
        var cluster = new Cluster(Manifests.Single(policy ?? ""));
        cluster.Step();
        cluster.Fail("solo-rj-0", Cluster.T0.AddSeconds(20), message: "second failure");
        cluster.Fail("solo-rj-1", Cluster.T0.AddSeconds(10), message: "first failure");

        var plan = cluster.Plan(Cluster.T0.AddMinutes(1));

        var condition = plan.Status.Conditions!.Single(c => c.Type == type);
        Assert.Multiple(() =>
        {
            Assert.That((condition.Status, condition.Reason, condition.Message), Is.EqualTo(("True", reason, message)));
            Assert.That(plan.Events.Select(e => $"{e.Type} {e.Reason}"), Is.EqualTo(events.Split('|')));
            Assert.That(plan.Events.Select(e => e.Message).Distinct(), Is.EqualTo(new[] { message }));
            Assert.That(plan.DocumentActions().Select(a => a.Type), Is.EqualTo(new[] { "UpdateStatus" }), "the failure policy returns before any create");
        });
    }

    // The RestartJob actions check the gate first, as upstream's appliers do; the reconcile stops with the error.
    [TestCase("RestartJob", TestName = "gate: RestartJob without the gate is an error")]
    [TestCase("RestartJobAndIgnoreMaxRestarts", TestName = "gate: RestartJobAndIgnoreMaxRestarts without the gate is an error")]
    public void Job_restart_actions_need_the_gate(string action)
    {
        var plan = PlanAfterFailure($"failurePolicy:\n  maxRestarts: 3\n  rules:\n  - action: {action}", gate: false, 0, 0, null, null);

        Assert.Multiple(() =>
        {
            Assert.That(plan!.Error(), Is.EqualTo($"{action} failure policy action cannot be used when the feature gate RestartJob is disabled"));
            Assert.That(plan.StatusChanged, Is.False);
            Assert.That(plan.DocumentActions(), Is.Empty);
            Assert.That(plan.Events, Is.Empty);
        });
    }

    // applyFailurePolicyRuleAction: an action without an applier is an error, nothing is written.
    [Test]
    public void Unknown_action_stops_with_an_error()
    {
        var plan = PlanAfterFailure("failurePolicy:\n  maxRestarts: 3\n  rules:\n  - action: RestartEverything", gate: true, 0, 0, null, null);

        Assert.Multiple(() =>
        {
            Assert.That(plan!.Error(), Is.EqualTo("failed to find a corresponding action for the FailurePolicyRuleAction RestartEverything"));
            Assert.That(plan.StatusChanged, Is.False);
            Assert.That(plan.Events, Is.Empty);
        });
    }

    [Test]
    public void Restart_job_event_names_the_job_and_no_condition_changes()
    {
        var plan = PlanAfterFailure("failurePolicy:\n  maxRestarts: 3\n  rules:\n  - action: RestartJob", gate: true, 0, 0, null, null);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Events, Is.EqualTo(new[] { new PlanEvent("Warning", "RestartJobFailurePolicyAction", "applying RestartJob failure policy action (first failed job: solo-rj-0)") }));
            Assert.That(plan.Status.Conditions, Is.Null.Or.Empty);
            Assert.That(plan.Status.ReplicatedJobsStatus!.Single().JobRestarts, Is.EqualTo(new[] { 1 }));
        });
    }

    private static ReconcilePlan PlanAfterFailure(string policy, bool gate, int restarts, int counted, int[]? jobRestarts, int[]? jobCounted)
    {
        var cluster = new Cluster(Manifests.Single(policy, replicas: 1)) { Gates = new FeatureGates(RestartJob: gate) };
        cluster.JobSet.Status = new V1alpha2JobSetStatus
        {
            Restarts = restarts,
            RestartsCountTowardsMax = counted,
            ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "rj", JobRestarts = jobRestarts, JobRestartsCountTowardsMax = jobCounted }],
        };
        cluster.Step();
        cluster.Fail("solo-rj-0", Cluster.T0);
        return cluster.Plan(Cluster.T0.AddMinutes(1));
    }

    private static string[] Split(string list) => list.Length == 0 ? [] : list.Split(',');
}
