using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>
/// The failure policy's choice of the failed Job (earliest Failed condition, ties in list order)
/// and the RestartJob action's checks of the failed Job's labels, as upstream's failure_policy.go.
/// </summary>
public class FailurePolicyStepTests
{
    private static readonly DateTime T = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1Job Job(string name, params V1JobCondition[] conditions) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [WellKnownKeys.ReplicatedJobName] = "rj" } },
        Status = new V1JobStatus { Conditions = conditions },
    };

    private static V1JobCondition Condition(string type, int minute, string status = "True", string reason = "BackoffLimitExceeded") =>
        new() { Type = type, Status = status, Reason = reason, LastTransitionTime = T.AddMinutes(minute) };

    [Test]
    public void Ties_go_to_the_first_failed_job_in_list_order()
    {
        var jobs = new[] { Job("b", Condition("Failed", 1)), Job("a", Condition("Failed", 1)), Job("c", Condition("Failed", 2)) };

        Assert.That(FailurePolicyStep.FirstFailed(jobs)?.Metadata.Name, Is.EqualTo("b"));
    }

    [Test]
    public void Ties_without_a_transition_time_go_to_the_first_in_list_order()
    {
        var jobs = new[] { Job("b", new V1JobCondition { Type = "Failed", Status = "True" }), Job("a", new V1JobCondition { Type = "Failed", Status = "True" }) };

        Assert.That(FailurePolicyStep.FirstFailed(jobs)?.Metadata.Name, Is.EqualTo("b"));
    }

    [Test]
    public void A_rule_acts_on_the_first_of_its_tied_jobs_in_list_order()
    {
        var rules = new List<V1alpha2FailurePolicyRule> { new() { Name = "any", Action = FailurePolicyAction.FailJobSet } };
        var jobs = new[] { Job("y", Condition("Failed", 3)), Job("x", Condition("Failed", 3)) };

        var (_, job) = FailurePolicyStep.FindRuleAndJob(rules, jobs);

        Assert.That(job?.Metadata.Name, Is.EqualTo("y"));
    }

    // Job "early" has another True condition (FailureTarget, as the Job controller sets before
    // Failed) earlier than every Failed condition: only the Failed condition's time counts.
    [TestCase("FailureTarget", "True", ExpectedResult = "late-failed-first")]
    [TestCase("Failed", "False", ExpectedResult = "late-failed-first")]
    [TestCase("Suspended", "True", ExpectedResult = "late-failed-first")]
    public string Only_a_true_Failed_condition_gives_the_failure_time(string otherType, string otherStatus)
    {
        var early = Job("early", Condition(otherType, 0, otherStatus), Condition("Failed", 5));
        var other = Job("late-failed-first", Condition("Failed", 3));

        return FailurePolicyStep.FirstFailed([early, other])!.Metadata.Name;
    }

    [Test]
    public void A_rule_matches_the_reason_of_the_Failed_condition_not_of_an_earlier_true_condition()
    {
        var rules = new List<V1alpha2FailurePolicyRule>
        {
            new() { Name = "deadline", Action = FailurePolicyAction.FailJobSet, OnJobFailureReasons = ["DeadlineExceeded"] },
        };
        var job = Job("j", Condition("FailureTarget", 0, reason: "DeadlineExceeded"), Condition("Failed", 1, reason: "BackoffLimitExceeded"));

        var (rule, matched) = FailurePolicyStep.FindRuleAndJob(rules, [job]);

        Assert.That((rule?.Name, matched?.Metadata.Name), Is.EqualTo(((string?)null, (string?)null)));
    }

    [Test]
    public void A_job_without_a_true_Failed_condition_is_never_the_first_failed()
    {
        var jobs = new[] { Job("none", Condition("Complete", 0)), Job("failed", Condition("Failed", 9)) };

        Assert.That(FailurePolicyStep.FirstFailed(jobs)?.Metadata.Name, Is.EqualTo("failed"));
    }

    // A failed Job without a replicated-job label matches no rule (Applies), so RestartJob never
    // sees one: the JobSet restarts instead (the "missing label" return is defensive, as upstream's).
    [Test]
    public void A_failed_job_without_a_replicated_job_label_restarts_the_jobset()
    {
        var jobSet = Cluster.Read(Manifests.Single("failurePolicy:\n  maxRestarts: 10\n  rules:\n  - name: restart\n    action: RestartJob"));
        var failed = new V1Job { Metadata = new V1ObjectMeta { Name = "rj-0", Labels = new Dictionary<string, string>() }, Status = new V1JobStatus { Conditions = [Condition("Failed", 0)] } };
        var context = new ReconcileContext(jobSet, Cluster.T0, new FeatureGates(RestartJob: true));
        var children = new ChildJobs();
        children.Failed.Add(failed);

        Assert.That(FailurePolicyStep.Execute(context, children), Is.Null);
        Assert.That(jobSet.Status!.Restarts, Is.EqualTo(1));
    }

    // Without counting towards maxRestarts only the jobRestarts bound guards the index.
    [TestCase("2", ExpectedResult = "failed job rj-0 has index 2 out of bounds for replicated job rj (replicas: 2)")]
    [TestCase("1", ExpectedResult = null)]
    public string? RestartJobAndIgnoreMaxRestarts_checks_the_index_against_the_replica_count(string index)
    {
        var jobSet = Cluster.Read(Manifests.Single("failurePolicy:\n  maxRestarts: 10\n  rules:\n  - name: restart\n    action: RestartJobAndIgnoreMaxRestarts"));
        jobSet.Status = new V1alpha2JobSetStatus { ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "rj" }] };
        var labels = new Dictionary<string, string> { [WellKnownKeys.ReplicatedJobName] = "rj", [WellKnownKeys.JobIndex] = index };
        var context = new ReconcileContext(jobSet, Cluster.T0, new FeatureGates(RestartJob: true));
        var children = new ChildJobs();
        children.Failed.Add(new V1Job { Metadata = new V1ObjectMeta { Name = "rj-0", Labels = labels }, Status = new V1JobStatus { Conditions = [Condition("Failed", 0)] } });

        return FailurePolicyStep.Execute(context, children);
    }

    [Test]
    public void RestartJob_without_a_status_entry_for_the_replicated_job_still_restarts()
    {
        var jobSet = Cluster.Read(Manifests.Single("failurePolicy:\n  maxRestarts: 10\n  rules:\n  - name: restart\n    action: RestartJob"));
        jobSet.Status = new V1alpha2JobSetStatus { ReplicatedJobsStatus = [] };
        var labels = new Dictionary<string, string> { [WellKnownKeys.ReplicatedJobName] = "rj", [WellKnownKeys.JobIndex] = "0" };
        var context = new ReconcileContext(jobSet, Cluster.T0, new FeatureGates(RestartJob: true));
        var children = new ChildJobs();
        children.Failed.Add(new V1Job { Metadata = new V1ObjectMeta { Name = "rj-0", Labels = labels }, Status = new V1JobStatus { Conditions = [Condition("Failed", 0)] } });

        Assert.That(FailurePolicyStep.Execute(context, children), Is.Null);
        Assert.That(context.Events, Has.Count.EqualTo(1));
        Assert.That(context.StatusChanged, Is.True);
    }

    [Test]
    public void A_failed_condition_without_a_message_matches_a_pattern_for_the_empty_message()
    {
        var rule = new V1alpha2FailurePolicyRule { Action = FailurePolicyAction.FailJobSet, OnJobFailureMessagePatterns = ["^$"] };
        var job = Job("j", new V1JobCondition { Type = "Failed", Status = "True", Reason = "BackoffLimitExceeded" });

        Assert.That(FailurePolicyStep.Applies(rule, job, job.Status.Conditions[0], new FailureMessagePatterns()), Is.True);
    }

    // replicated-job label, job-index label (null: absent), replicas, jobRestarts, jobRestartsCountTowardsMax -> error
    [TestCase("rj", null, 2, null, null, "failed job rj-0 missing jobset.sigs.k8s.io/job-index label", TestName = "RestartJob: no job index label")]
    [TestCase("rj", "one", 2, null, null, "failed job rj-0 has invalid jobset.sigs.k8s.io/job-index label: one", TestName = "RestartJob: index not an integer")]
    [TestCase("rj", "2", 2, null, null, "failed job rj-0 has index 2 out of bounds for replicated job rj (replicas: 2)", TestName = "RestartJob: index equal to the replica count")]
    [TestCase("rj", "3", 2, null, null, "failed job rj-0 has index 3 out of bounds for replicated job rj (replicas: 2)", TestName = "RestartJob: index above the replica count")]
    [TestCase("rj", "-1", 2, null, null, "failed job rj-0 has index -1 out of bounds for replicated job rj (replicas: 2)", TestName = "RestartJob: negative index")]
    [TestCase("other", "0", 2, null, null, "failed job rj-0 has index 0 out of bounds for replicated job other (replicas: 0)", TestName = "RestartJob: unknown replicated job")]
    [TestCase("rj", "1", 2, new[] { 0, 0 }, new[] { 0 }, "failed job rj-0 has index 1 out of bounds for replicated job rj (replicas: 2)", TestName = "RestartJob: index beyond jobRestartsCountTowardsMax")]
    [TestCase("rj", "1", 2, null, null, null, TestName = "RestartJob: last index restarts")]
    [TestCase("rj", "0", 2, null, null, null, TestName = "RestartJob: first index restarts")]
    public void RestartJob_checks_the_failed_jobs_labels(string rjob, string? index, int replicas, int[]? jobRestarts, int[]? counted, string? error)
    {
        var jobSet = Cluster.Read(Manifests.Single("failurePolicy:\n  maxRestarts: 10\n  rules:\n  - name: restart\n    action: RestartJob", replicas));
        jobSet.Status = new V1alpha2JobSetStatus
        {
            ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "rj", JobRestarts = jobRestarts, JobRestartsCountTowardsMax = counted }],
        };
        var labels = new Dictionary<string, string> { [WellKnownKeys.ReplicatedJobName] = rjob };

        if (index is not null)
        {
            labels[WellKnownKeys.JobIndex] = index;
        }

        var failed = new V1Job { Metadata = new V1ObjectMeta { Name = "rj-0", Labels = labels }, Status = new V1JobStatus { Conditions = [Condition("Failed", 0)] } };
        var context = new ReconcileContext(jobSet, Cluster.T0, new FeatureGates(RestartJob: true));
        var children = new ChildJobs();
        children.Failed.Add(failed);

        var result = FailurePolicyStep.Execute(context, children);

        Assert.That(result, Is.EqualTo(error));
        Assert.That(context.StatusChanged, Is.EqualTo(error is null), "only a restart changes the status");
        if (error is null)
        {
            var expected = new int[replicas];
            expected[int.Parse(index!, System.Globalization.CultureInfo.InvariantCulture)] = 1;
            var status = jobSet.Status.ReplicatedJobsStatus.Single();
            Assert.That(status.JobRestarts, Is.EqualTo(expected));
            Assert.That(status.JobRestartsCountTowardsMax, Is.EqualTo(expected));
        }
    }
}
