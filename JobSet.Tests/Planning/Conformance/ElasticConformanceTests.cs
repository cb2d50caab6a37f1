using JobSet.Tests.TestSupport;
using JobSet.Core.Api;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>ElasticJobSet against upstream's TestSyncJobScaling (jobset_controller_test.go), through the planner.</summary>
public class ElasticConformanceTests
{
    // Mirrors TestSyncJobScaling (and jobScalingNeedsPatch): template parallelism/completions after
    // the Jobs were made with 2/2, gate -> the Jobs' values afterwards.
    [TestCase(2, 2, true, ExpectedResult = "2/2 no update", TestName = "elastic: in sync, nothing to do")]
    [TestCase(4, 4, true, ExpectedResult = "4/4 updated", TestName = "elastic: out of sync, updated")]
    [TestCase(1, 1, true, ExpectedResult = "1/1 updated", TestName = "elastic: scaled down, updated")]
    [TestCase(4, 2, true, ExpectedResult = "2/2 no update", TestName = "elastic: only parallelism changed is invalid, not applied")]
    [TestCase(2, 4, true, ExpectedResult = "2/2 no update", TestName = "elastic: only completions changed is invalid, not applied")]
    [TestCase(4, 4, false, ExpectedResult = "2/2 no update", TestName = "elastic: gate disabled, not applied")]
    public string Active_jobs_follow_the_template(int parallelism, int completions, bool gate)
    {
        var cluster = new MiniCluster(Cluster.Read(Manifests.LeaderWorkers), new FeatureGates(ElasticJobSet: gate));
        cluster.Reconcile(Cluster.T0);
        cluster.AllRunning();
        cluster.Reconcile(Cluster.T0.AddSeconds(1));
        var workers = cluster.JobSet.Spec.ReplicatedJobs![1].Template.Spec;
        workers.Parallelism = parallelism;
        workers.Completions = completions;

        var plan = cluster.Reconcile(Cluster.T0.AddSeconds(2));

        var updates = plan.DocumentActions().Where(a => a.Type == "Update").Select(a => a.Resource.Metadata.Name).ToList();
        var job = cluster["train-workers-1"];
        Assert.That(updates, Is.Empty.Or.EqualTo(new[] { "train-workers-0", "train-workers-1" }), "only the workers' Jobs change");
        return $"{job.Spec.Parallelism}/{job.Spec.Completions} {(updates.Count > 0 ? "updated" : "no update")}";
    }

    [Test]
    public void Finished_jobs_are_not_scaled()
    {
        var cluster = new MiniCluster(Cluster.Read(Manifests.LeaderWorkers), new FeatureGates(ElasticJobSet: true));
        cluster.Reconcile(Cluster.T0);
        cluster.Succeed("train-workers-0", Cluster.T0.AddSeconds(1));
        var workers = cluster.JobSet.Spec.ReplicatedJobs![1].Template.Spec;
        workers.Parallelism = 3;
        workers.Completions = 3;

        var plan = cluster.Reconcile(Cluster.T0.AddSeconds(2));

        Assert.That(plan.DocumentActions().Where(a => a.Type == "Update").Select(a => a.Resource.Metadata.Name), Is.EqualTo(new[] { "train-workers-1" }));
    }

    // Upstream patches the Job object it holds, so a suspend or resume later in the same
    // reconcile updates the scaled Job: the scaling is never reverted by that second write.
    [TestCase(true, false, TestName = "elastic: resized and resumed in one pass keeps the new size")]
    [TestCase(false, true, TestName = "elastic: resized and suspended in one pass keeps the new size")]
    public void Resize_survives_a_suspend_or_resume_in_the_same_pass(bool suspendedBefore, bool suspendedAfter)
    {
        var yaml = suspendedBefore ? Manifests.LeaderWorkersWith("suspend: true") : Manifests.LeaderWorkers;
        var cluster = new MiniCluster(Cluster.Read(yaml), new FeatureGates(ElasticJobSet: true));
        cluster.Reconcile(Cluster.T0);
        var workers = cluster.JobSet.Spec.ReplicatedJobs![1].Template.Spec;
        workers.Parallelism = 3;
        workers.Completions = 3;
        cluster.JobSet.Spec.Suspend = suspendedAfter;

        var plan = cluster.Reconcile(Cluster.T0.AddSeconds(1));

        var job = cluster["train-workers-0"];
        var lastUpdate = plan.DocumentActions().Last(a => a.Type == "Update" && a.Resource.Metadata.Name == "train-workers-0").Resource as k8s.Models.V1Job;
        Assert.Multiple(() =>
        {
            Assert.That((job.Spec.Parallelism, job.Spec.Completions, job.Spec.Suspend), Is.EqualTo(((int?)3, (int?)3, (bool?)suspendedAfter)));
            Assert.That((lastUpdate!.Spec.Parallelism, lastUpdate.Spec.Suspend), Is.EqualTo(((int?)3, (bool?)suspendedAfter)), "the last write carries both changes");
        });
    }
}
