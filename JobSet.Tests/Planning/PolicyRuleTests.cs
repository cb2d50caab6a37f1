using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>Table-driven tests of the policy rules, against upstream's unit tests' expectations.</summary>
public class PolicyRuleTests
{
    private static V1Job FailedJob(string rjob, string reason = "BackoffLimitExceeded", string message = "Job has reached the specified backoff limit") => new()
    {
        Metadata = new V1ObjectMeta { Name = rjob + "-0", Labels = new Dictionary<string, string> { [WellKnownKeys.ReplicatedJobName] = rjob } },
        Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Failed", Status = "True", Reason = reason, Message = message }] },
    };

    [TestCase(null, null, null, "workers", ExpectedResult = true, TestName = "empty rule matches any failure")]
    [TestCase("BackoffLimitExceeded", null, null, "workers", ExpectedResult = true, TestName = "reason listed")]
    [TestCase("PodFailurePolicy", null, null, "workers", ExpectedResult = false, TestName = "reason not listed")]
    [TestCase(null, "backoff limit$", null, "workers", ExpectedResult = true, TestName = "message pattern found anywhere")]
    [TestCase(null, "^backoff", null, "workers", ExpectedResult = false, TestName = "anchored pattern does not match")]
    [TestCase(null, "(unclosed,backoff", null, "workers", ExpectedResult = true, TestName = "invalid pattern is skipped, the next one matches")]
    [TestCase(null, "(a)\\1", null, "workers", ExpectedResult = false, TestName = "backreference is not RE2 and is skipped")]
    [TestCase(null, "(?P<what>backoff)", null, "workers", ExpectedResult = true, TestName = "Go named group syntax")]
    [TestCase(null, null, "leader", "workers", ExpectedResult = false, TestName = "target replicated job not matching")]
    [TestCase(null, null, "leader,workers", "workers", ExpectedResult = true, TestName = "target replicated job matching")]
    [TestCase(null, null, null, "", ExpectedResult = false, TestName = "job without replicated job label never matches")]
    public bool Failure_rule_applies(string? reasons, string? patterns, string? targets, string rjob)
    {
        var rule = new V1alpha2FailurePolicyRule
        {
            Action = FailurePolicyAction.FailJobSet,
            OnJobFailureReasons = reasons?.Split(','),
            OnJobFailureMessagePatterns = patterns?.Split(','),
            TargetReplicatedJobs = targets?.Split(','),
        };
        var job = FailedJob(rjob);

        return FailurePolicyStep.Applies(rule, job, job.Status.Conditions[0], new FailureMessagePatterns());
    }

    [Test]
    public void First_matching_rule_wins_and_acts_on_its_earliest_failed_job()
    {
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var a = FailedJob("a", reason: "PodFailurePolicy");
        var b = FailedJob("b", reason: "PodFailurePolicy");
        var c = FailedJob("c");
        a.Status.Conditions[0].LastTransitionTime = t.AddMinutes(2);
        b.Status.Conditions[0].LastTransitionTime = t.AddMinutes(1);
        c.Status.Conditions[0].LastTransitionTime = t;
        var rules = new List<V1alpha2FailurePolicyRule>
        {
            new() { Name = "never", Action = "FailJobSet", OnJobFailureReasons = ["DeadlineExceeded"] },
            new() { Name = "policy", Action = "RestartJobSet", OnJobFailureReasons = ["PodFailurePolicy"] },
            new() { Name = "any", Action = "FailJobSet" },
        };

        var (rule, job) = FailurePolicyStep.FindRuleAndJob(rules, [a, b, c]);

        Assert.That((rule?.Name, job?.Metadata.Name), Is.EqualTo(("policy", "b-0")));
    }

    [TestCase("All", null, ExpectedResult = 5, TestName = "All counts every replica")]
    [TestCase("All", "workers", ExpectedResult = 4, TestName = "All counts the targets' replicas")]
    [TestCase("Any", null, ExpectedResult = 1, TestName = "Any needs one Job")]
    [TestCase("Any", "workers", ExpectedResult = 1, TestName = "Any with targets needs one target Job")]
    [TestCase("Some", null, ExpectedResult = 0, TestName = "an unknown operator expects nothing, as upstream")]
    [TestCase("All", "", ExpectedResult = 5, TestName = "All with an empty target list counts every replica")]
    public int Success_policy_expects(string op, string? targets)
    {
        var jobSet = new V1alpha2JobSet
        {
            Spec = new V1alpha2JobSetSpec
            {
                ReplicatedJobs = [new V1alpha2ReplicatedJob { Name = "leader", Replicas = 1 }, new V1alpha2ReplicatedJob { Name = "workers", Replicas = 4 }],
                SuccessPolicy = new V1alpha2SuccessPolicy { Operator = op, TargetReplicatedJobs = targets is null ? null : targets.Length == 0 ? [] : targets.Split(',') },
            },
        };

        return SuccessPolicyStep.Expected(jobSet);
    }

    [TestCase(3, 1, 1, 1, ExpectedResult = true, TestName = "ready, succeeded and failed add up to replicas")]
    [TestCase(3, 2, 0, 0, ExpectedResult = false, TestName = "one replica not started")]
    [TestCase(0, 0, 0, 0, ExpectedResult = true, TestName = "no replicas")]
    public bool In_order_replicas_started(int replicas, int ready, int succeeded, int failed) =>
        StartupPolicyStep.AllReplicasStarted(replicas, new V1alpha2ReplicatedJobStatus { Ready = ready, Succeeded = succeeded, Failed = failed });

    [TestCase("Complete", 2, 0, 2, 0, ExpectedResult = true, TestName = "Complete: all succeeded")]
    [TestCase("Complete", 2, 2, 0, 0, ExpectedResult = false, TestName = "Complete: ready is not enough")]
    [TestCase("Ready", 2, 1, 1, 0, ExpectedResult = true, TestName = "Ready: ready plus succeeded")]
    [TestCase("Ready", 2, 1, 0, 1, ExpectedResult = true, TestName = "Ready: failed counts as started")]
    [TestCase("Ready", 2, 1, 0, 0, ExpectedResult = false, TestName = "Ready: one not ready")]
    [TestCase("Ready", 2, 1, 2, 0, ExpectedResult = false, TestName = "Ready: more started than replicas is not reached")]
    [TestCase("Complete", 2, 0, 1, 1, ExpectedResult = false, TestName = "Complete: a failed Job is not complete")]
    public bool Depends_on_reached(string status, int replicas, int ready, int succeeded, int failed)
    {
        var rjob = new V1alpha2ReplicatedJob { Name = "b", DependsOn = [new V1alpha2DependsOn { Name = "a", Status = status }] };
        var statuses = new Dictionary<string, V1alpha2ReplicatedJobStatus> { ["a"] = new() { Name = "a", Ready = ready, Succeeded = succeeded, Failed = failed } };

        return DependsOnStep.Reached(rjob, new Dictionary<string, int> { ["a"] = replicas }, statuses);
    }

    [Test]
    public void Depends_on_an_unknown_replicated_job_is_never_reached() =>
        Assert.That(DependsOnStep.Reached(new V1alpha2ReplicatedJob { Name = "b", DependsOn = [new V1alpha2DependsOn { Name = "x", Status = "Ready" }] }, new Dictionary<string, int>(), new Dictionary<string, V1alpha2ReplicatedJobStatus>()), Is.False);

    [TestCase(null, null, 2, 2, ExpectedResult = true, TestName = "elastic: template unset clears the job (upstream patches to nil)")]
    [TestCase(4, 4, 2, 2, ExpectedResult = true, TestName = "elastic: scaled up")]
    [TestCase(4, 3, 2, 2, ExpectedResult = false, TestName = "elastic: parallelism != completions is never applied")]
    [TestCase(2, 2, 2, 2, ExpectedResult = false, TestName = "elastic: in sync")]
    [TestCase(4, 4, 4, 2, ExpectedResult = true, TestName = "elastic: only completions differ")]
    [TestCase(4, 4, 2, 4, ExpectedResult = true, TestName = "elastic: only parallelism differs")]
    public bool Elastic_update_needed(int? parallelism, int? completions, int jobParallelism, int jobCompletions)
    {
        var job = new V1Job { Spec = new V1JobSpec { Parallelism = jobParallelism, Completions = jobCompletions } };
        return ElasticScalingStep.NeedsUpdate(job, parallelism, completions);
    }

    [TestCase("default", "demo-leader-0", ExpectedResult = "0c627f6b97a34f0cf6c6f35810afa9ca8d49f795")]
    public string Job_key_is_the_sha1_of_namespace_slash_name(string ns, string name) => Naming.JobKey(ns, name);

    [TestCase("js", "rj", 3, ExpectedResult = "js-rj-3")]
    public string Job_name(string jobSet, string rjob, int index) => Naming.JobName(jobSet, rjob, index);
}
