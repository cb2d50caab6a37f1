using JobSet.Core.Api;
using JobSet.Core.Planning;
using JobSet.Tests.Planning.Conformance;
using JobSet.Tests.TestSupport;
using k8s.Models;
using static JobSet.Tests.Planning.Conformance.ConformanceFixture;

namespace JobSet.Tests.Planning;

/// <summary>
/// The status counts made in ChildJobs.Select's bucketing pass are the counts of the buckets it
/// fills: the same upstream cases as <see cref="StatusConformanceTests"/>, with the Jobs observed
/// and bucketed by the planner (finished conditions decide the bucket) instead of placed by hand.
/// </summary>
public class ReplicatedJobCountsTests
{
    [TestCaseSource(typeof(StatusConformanceTests), nameof(StatusConformanceTests.StatusCases))]
    public void Counts_made_while_bucketing_equal_the_counts_of_the_buckets(StatusConformanceTests.JobRow[] rows, string[] expected)
    {
        var jobSet = MakeJobSet(ReplicatedJob("replicated-job-1", 1) + "\n" + ReplicatedJob("replicated-job-2", 3));
        var jobs = new List<V1Job>();
        var i = 0;
        foreach (var row in rows)
        {
            var finished = row.Bucket switch { "succeeded" => "Complete", "failed" => "Failed", _ => null };
            var job = OwnedJob(jobSet, row.ReplicatedJob, i++, finished: finished, suspended: row.Suspended);
            job.Metadata.Labels[WellKnownKeys.ReplicatedJobName] = row.ReplicatedJob;
            job.Spec.Parallelism = row.Parallelism;
            job.Spec.Completions = row.Completions;
            job.Status.Ready = row.Ready;
            job.Status.Succeeded = row.Succeeded;
            job.Status.Active = row.Active;
            jobs.Add(job);
        }

        var (children, error) = ChildJobs.Select(jobSet, jobs, FeatureGates.Default);
        using var selected = children!;
        var statuses = ReplicatedJobStatusStep.Calculate(new ReconcileContext(jobSet, Cluster.T0, FeatureGates.Default), selected);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(selected.Counts, Is.Not.Null, "Select counts while it buckets");
            Assert.That(statuses.Select(s => $"{s.Name} r{s.Ready} s{s.Succeeded} f{s.Failed} a{s.Active} z{s.Suspended}"), Is.EqualTo(expected));
        });
    }

    [Test]
    public void A_job_without_a_replicated_job_label_after_a_labelled_one_is_not_counted()
    {
        var layout = new JobSetLayout(new V1alpha2JobSet
        {
            Metadata = new V1ObjectMeta { Name = "js" },
            Spec = new V1alpha2JobSetSpec { ReplicatedJobs = [new V1alpha2ReplicatedJob { Name = "a", Replicas = 2, Template = new V1JobTemplateSpec() }] },
        });
        var counts = new ReplicatedJobCounts(layout);
        counts.AddSucceeded(new V1Job { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { [WellKnownKeys.ReplicatedJobName] = "a" } } });
        counts.AddSucceeded(new V1Job { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>() } });
        counts.AddFailed(new V1Job { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { [WellKnownKeys.ReplicatedJobName] = "" } } });

        var status = counts.Status("a");
        Assert.That((status.Succeeded, status.Failed), Is.EqualTo((1, 0)));
    }
}
