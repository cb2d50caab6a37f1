using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;
using static JobSet.Tests.Planning.Conformance.ConformanceFixture;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// replicatedJobsStatus and child Job bucketing checked against upstream's unit tests of
/// calculateReplicatedJobStatuses and JobFinished, and getChildJobs' selection rules.
/// </summary>
public class StatusConformanceTests
{
    /// <summary>An observed Job row: replicated job, bucket, parallelism, completions, ready/succeeded/active pods, suspended.</summary>
    public sealed record JobRow(string ReplicatedJob, string Bucket, int? Parallelism = 1, int? Completions = null, int Ready = 0, int Succeeded = 0, int Active = 0, bool Suspended = false);

    public static IEnumerable<TestCaseData> StatusCases()
    {
        yield return new TestCaseData(
            new[]
            {
                new JobRow("replicated-job-1", "active", 1, 2, Ready: 1, Succeeded: 1),
                new JobRow("replicated-job-2", "active", 5, null, Ready: 2, Succeeded: 3),
                new JobRow("replicated-job-2", "active", 3, 2, Ready: 1, Succeeded: 1),
                new JobRow("replicated-job-2", "active", 2, 3, Ready: 2, Succeeded: 1),
                new JobRow("replicated-job-2", "active", 4, 5, Ready: 2, Succeeded: 1),
            },
            new[] { "replicated-job-2 r3 s0 f0 a0 z0", "replicated-job-1 r1 s0 f0 a0 z0" }).SetName("partial jobs are ready, no succeeded jobs");
        yield return new TestCaseData(Array.Empty<JobRow>(), new[] { "replicated-job-2 r0 s0 f0 a0 z0", "replicated-job-1 r0 s0 f0 a0 z0" })
            .SetName("no jobs created");
        yield return new TestCaseData(new[] { new JobRow("replicated-job-2", "active", 5, Ready: 2, Succeeded: 3) }, new[] { "replicated-job-2 r1 s0 f0 a0 z0", "replicated-job-1 r0 s0 f0 a0 z0" })
            .SetName("partial jobs created");
        yield return new TestCaseData(new[] { new JobRow("replicated-job-2", "succeeded"), new JobRow("replicated-job-1", "succeeded") }, new[] { "replicated-job-2 r0 s1 f0 a0 z0", "replicated-job-1 r0 s1 f0 a0 z0" })
            .SetName("no ready jobs, only succeeded jobs");
        yield return new TestCaseData(
            new[] { new JobRow("replicated-job-2", "failed"), new JobRow("replicated-job-1", "failed"), new JobRow("replicated-job-1", "failed"), new JobRow("replicated-job-1", "failed") },
            new[] { "replicated-job-2 r0 s0 f1 a0 z0", "replicated-job-1 r0 s0 f3 a0 z0" }).SetName("no ready jobs, only failed jobs");
        yield return new TestCaseData(
            new[] { new JobRow("replicated-job-1", "active", 5, Active: 1), new JobRow("replicated-job-2", "active", 5), new JobRow("replicated-job-2", "active", 1, Active: 1) },
            new[] { "replicated-job-2 r0 s0 f0 a1 z0", "replicated-job-1 r0 s0 f0 a1 z0" }).SetName("active jobs");
        yield return new TestCaseData(
            new[] { new JobRow("replicated-job-1", "active", 5, Suspended: true), new JobRow("replicated-job-2", "active", 5), new JobRow("replicated-job-2", "active", 1, Suspended: true) },
            new[] { "replicated-job-2 r0 s0 f0 a0 z1", "replicated-job-1 r0 s0 f0 a0 z1" }).SetName("suspended jobs");
        yield return new TestCaseData(
            new[] { new JobRow("", "active", 1, Ready: 1), new JobRow("not-in-spec", "succeeded"), new JobRow("not-in-spec", "failed") },
            new[] { "replicated-job-2 r0 s0 f0 a0 z0", "replicated-job-1 r0 s0 f0 a0 z0" }).SetName("jobs without or with an unknown replicated job are not counted");
        yield return new TestCaseData(new[] { new JobRow("replicated-job-1", "active", null, Ready: 1) }, new[] { "replicated-job-2 r0 s0 f0 a0 z0", "replicated-job-1 r1 s0 f0 a0 z0" })
            .SetName("missing parallelism counts as one pod");
    }

    // Mirrors TestCalculateReplicatedJobStatuses (the order is upstream's: names descending).
    [TestCaseSource(nameof(StatusCases))]
    public void Replicated_job_statuses_count_the_buckets(JobRow[] rows, string[] expected)
    {
        var jobSet = MakeJobSet(ReplicatedJob("replicated-job-1", 1) + "\n" + ReplicatedJob("replicated-job-2", 3));
        var children = new ChildJobs();
        var i = 0;
        foreach (var row in rows)
        {
            var job = OwnedJob(jobSet, row.ReplicatedJob, i++, suspended: row.Suspended);
            job.Metadata.Labels[WellKnownKeys.ReplicatedJobName] = row.ReplicatedJob;
            job.Spec.Parallelism = row.Parallelism;
            job.Spec.Completions = row.Completions;
            job.Status = new V1JobStatus { Ready = row.Ready, Succeeded = row.Succeeded, Active = row.Active };
            (row.Bucket switch { "active" => children.Active, "succeeded" => children.Succeeded, _ => children.Failed }).Add(job);
        }

        var statuses = ReplicatedJobStatusStep.Calculate(new ReconcileContext(jobSet, Cluster.T0, FeatureGates.Default), children);

        Assert.That(statuses.Select(s => $"{s.Name} r{s.Ready} s{s.Succeeded} f{s.Failed} a{s.Active} z{s.Suspended}"), Is.EqualTo(expected));
    }

    // Mirrors updateReplicatedJobsStatuses: an unchanged status (in any order) is not written.
    [TestCase(true, false)]
    [TestCase(false, true)]
    public void Status_is_written_only_when_the_counts_change(bool sameCounts, bool expectWrite)
    {
        var jobSet = MakeJobSet(ReplicatedJob("a", 1) + "\n" + ReplicatedJob("b", 1));
        var jobs = new[] { OwnedJob(jobSet, "a", 0), OwnedJob(jobSet, "b", 0) };
        jobSet.Status = new V1alpha2JobSetStatus
        {
            // Stored in ascending order, computed in descending order: still equal.
            ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "a" }, new V1alpha2ReplicatedJobStatus { Name = "b", Active = sameCounts ? 0 : 1 }],
        };

        var plan = Plan(jobSet, jobs);

        Assert.Multiple(() =>
        {
            Assert.That(plan.StatusChanged, Is.EqualTo(expectWrite));
            Assert.That(plan.DocumentActions().Any(a => a.Type == PlanActionType.UpdateStatus), Is.EqualTo(expectWrite));
            Assert.That(plan.Status.ReplicatedJobsStatus!.Select(s => s.Name), Is.EqualTo(new[] { "b", "a" }));
        });
    }

    public static IEnumerable<TestCaseData> FinishedCases()
    {
        V1JobCondition C(string type, string status) => new() { Type = type, Status = status };
        yield return new TestCaseData(new[] { C("Complete", "True") }, "Complete").SetName("succeeded");
        yield return new TestCaseData(new[] { C("Failed", "True") }, "Failed").SetName("failed");
        yield return new TestCaseData(Array.Empty<V1JobCondition>(), null).SetName("active");
        yield return new TestCaseData(new[] { C("Suspended", "True") }, null).SetName("suspended");
        yield return new TestCaseData(new[] { C("FailureTarget", "True") }, null).SetName("failure target");
        yield return new TestCaseData(new[] { C("Failed", "False"), C("Complete", "False") }, null).SetName("false conditions");
    }

    // Mirrors TestIsJobFinished.
    [TestCaseSource(nameof(FinishedCases))]
    public void Job_is_finished_only_on_a_true_complete_or_failed_condition(V1JobCondition[] conditions, string? expected)
    {
        var job = new V1Job { Metadata = new V1ObjectMeta { Name = "j" }, Status = new V1JobStatus { Conditions = conditions } };

        Assert.That(ChildJobs.FinishedType(job), Is.EqualTo(expected));
    }

    // Mirrors getChildJobs and the "jobset should ignore jobs with same owner name but different owner
    // UID" integration case: only Jobs whose controller reference is this JobSet (UID, kind, apiVersion)
    // in its namespace are children.
    [TestCase("same", true)]
    [TestCase("other-uid", false)]
    [TestCase("not-controller", false)]
    [TestCase("other-kind", false)]
    [TestCase("other-namespace", false)]
    public void Children_are_jobs_controlled_by_this_jobset(string variant, bool child)
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 1));
        var job = OwnedJob(jobSet, "rj", 0);
        var owner = job.Metadata.OwnerReferences[0];
        switch (variant)
        {
            case "other-uid": owner.Uid = "another"; break;
            case "not-controller": owner.Controller = false; break;
            case "other-kind": owner.Kind = "Deployment"; break;
            case "other-namespace": job.Metadata.NamespaceProperty = "elsewhere"; break;
        }

        var (children, error) = ChildJobs.Select(jobSet, [job], FeatureGates.Default);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(children!.Active.Count, Is.EqualTo(child ? 1 : 0));
            Assert.That(Created<V1Job>(Plan(jobSet, [job])).Count, Is.EqualTo(child ? 0 : 1));
        });
    }

    // Mirrors getChildJobs' buckets: restart-attempt below status.restarts is previous; with RestartJob,
    // a job-restart-attempt below jobRestarts[index] is previous too; a missing job-restart-attempt is kept.
    [TestCase(1, "1", "current", false)]
    [TestCase(0, "1", "previous", false)]
    [TestCase(2, "1", "current", false)]
    [TestCase(1, "0", "previous", true)]
    [TestCase(1, null, "current", true)]
    [TestCase(1, "0", "current", false)]
    public void Jobs_are_bucketed_by_restart_attempts(int restartAttempt, string? jobRestartAttempt, string bucket, bool gate)
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 2));
        jobSet.Status = new V1alpha2JobSetStatus { Restarts = 1, ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "rj", JobRestarts = [1, 0] }] };
        var job = OwnedJob(jobSet, "rj", 0, restartAttempt);
        if (jobRestartAttempt is not null)
        {
            job.Metadata.Labels[WellKnownKeys.JobRestartAttempt] = jobRestartAttempt;
        }

        var (children, error) = ChildJobs.Select(jobSet, [job], new FeatureGates(RestartJob: gate));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(children!.Previous.Count, Is.EqualTo(bucket == "previous" ? 1 : 0));
            Assert.That(children.Active.Count, Is.EqualTo(bucket == "current" ? 1 : 0));
        });
    }
}
