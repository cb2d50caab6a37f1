using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// Restart strategies and the child buckets they rely on, against upstream's
/// jobset_controller_test.go (TestIsJobFinished, TestConstructJobsFromTemplate) and
/// reconcile's deletion of previous-attempt Jobs.
/// </summary>
public class RestartStrategyConformanceTests
{
    // Mirrors TestIsJobFinished: only a True Complete or Failed condition finishes a Job.
    [TestCase("Complete", "True", ExpectedResult = "Complete", TestName = "finished: succeeded")]
    [TestCase("Failed", "True", ExpectedResult = "Failed", TestName = "finished: failed")]
    [TestCase("", "", ExpectedResult = null, TestName = "finished: active")]
    [TestCase("Suspended", "True", ExpectedResult = null, TestName = "finished: suspended is not finished")]
    [TestCase("FailureTarget", "True", ExpectedResult = null, TestName = "finished: failure target is not finished yet")]
    [TestCase("Failed", "False", ExpectedResult = null, TestName = "finished: a False Failed condition is not finished")]
    public string? Job_finished(string type, string status) =>
        ChildJobs.FinishedType(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "j" },
            Status = new V1JobStatus { Conditions = type.Length == 0 ? [] : [new V1JobCondition { Type = type, Status = status }] },
        });

    // Mirrors the creation rows of TestConstructJobsFromTemplate: a Job whose name exists in any
    // bucket (active, succeeded, failed, previous) is not created again; BlockingRecreate creates
    // nothing while a previous-attempt Job exists.
    [TestCase("", "", ExpectedResult = "solo-rj-0,solo-rj-1", TestName = "construct: all jobs created")]
    [TestCase("", "active", ExpectedResult = "solo-rj-1", TestName = "construct: one already active")]
    [TestCase("", "succeeded", ExpectedResult = "solo-rj-1", TestName = "construct: one already succeeded")]
    [TestCase("", "failed", ExpectedResult = "solo-rj-1", TestName = "construct: one already failed")]
    [TestCase("", "previous", ExpectedResult = "solo-rj-1", TestName = "construct: one from a previous attempt (marked for deletion)")]
    [TestCase("Recreate", "previous", ExpectedResult = "solo-rj-1", TestName = "construct: Recreate creates around a previous-attempt job")]
    [TestCase("BlockingRecreate", "previous", ExpectedResult = "", TestName = "construct: BlockingRecreate blocked until previous jobs are gone")]
    [TestCase("BlockingRecreate", "active", ExpectedResult = "solo-rj-1", TestName = "construct: BlockingRecreate without previous jobs creates")]
    public string Jobs_created(string strategy, string existing)
    {
        var policy = strategy.Length == 0 ? "" : $"failurePolicy:\n  restartStrategy: {strategy}";
        var jobSet = Cluster.Read(Manifests.Single(policy));
        jobSet.Status = new V1alpha2JobSetStatus { Restarts = 1 };
        var observed = new List<V1Job>();
        if (existing.Length > 0)
        {
            var job = new JobBuilder(jobSet, new JobSetLayout(jobSet).ReplicatedJobs[0], 2, FeatureGates.Default).Build(0);
            job.Metadata.Labels[WellKnownKeys.RestartAttempt] = existing == "previous" ? "0" : "1";
            job.Status = existing switch
            {
                "succeeded" => new V1JobStatus { Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] },
                "failed" => new V1JobStatus { Conditions = [new V1JobCondition { Type = "Failed", Status = "True" }] },
                _ => new V1JobStatus(),
            };
            observed.Add(job);
        }

        var context = new ReconcileContext(jobSet, Cluster.T0, FeatureGates.Default);
        var (children, error) = ChildJobs.Select(jobSet, observed, FeatureGates.Default);
        Assert.That(error, Is.Null);
        JobCreationStep.Plan(context, children!, new Dictionary<string, V1alpha2ReplicatedJobStatus>());

        return string.Join(',', context.Actions.Select(a => a.Resource.Metadata.Name));
    }

    // getChildJobs: the restart-attempt label against status.restarts decides the bucket.
    [TestCase(2, "2", ExpectedResult = "active", TestName = "bucket: current attempt")]
    [TestCase(2, "1", ExpectedResult = "previous", TestName = "bucket: older attempt")]
    [TestCase(2, "3", ExpectedResult = "active", TestName = "bucket: a newer attempt is kept, not deleted")]
    [TestCase(0, "x", ExpectedResult = "error", TestName = "bucket: a malformed label stops the reconcile")]
    [TestCase(0, null, ExpectedResult = "error", TestName = "bucket: a missing label stops the reconcile")]
    public string Bucket_by_restart_attempt(int restarts, string? label)
    {
        var jobSet = Cluster.Read(Manifests.Single(replicas: 1));
        jobSet.Status = new V1alpha2JobSetStatus { Restarts = restarts };
        var job = new JobBuilder(jobSet, new JobSetLayout(jobSet).ReplicatedJobs[0], 1, FeatureGates.Default).Build(0);
        if (label is null)
        {
            job.Metadata.Labels.Remove(WellKnownKeys.RestartAttempt);
        }
        else
        {
            job.Metadata.Labels[WellKnownKeys.RestartAttempt] = label;
        }

        var (children, error) = ChildJobs.Select(jobSet, [job], FeatureGates.Default);
        return error is not null ? "error" : children!.Previous.Count == 1 ? "previous" : children.Active.Count == 1 ? "active" : "other";
    }

    // getChildJobs with the RestartJob gate: job-restart-attempt below jobRestarts[index] is previous.
    [TestCase("0", new[] { 0, 1 }, 0, ExpectedResult = "active", TestName = "job bucket: at its target")]
    [TestCase("0", new[] { 0, 1 }, 1, ExpectedResult = "previous", TestName = "job bucket: below its target")]
    [TestCase(null, new[] { 0, 1 }, 1, ExpectedResult = "active", TestName = "job bucket: no label (made before the gate) is kept")]
    [TestCase("y", new[] { 0, 1 }, 0, ExpectedResult = "error", TestName = "job bucket: a malformed label stops the reconcile")]
    [TestCase("0", new[] { 0, 1 }, 2, ExpectedResult = "error", TestName = "job bucket: an index beyond the replicas stops the reconcile")]
    public string Bucket_by_job_restart_attempt(string? label, int[] jobRestarts, int index)
    {
        var gates = new FeatureGates(RestartJob: true);
        var jobSet = Cluster.Read(Manifests.Single());
        jobSet.Status = new V1alpha2JobSetStatus { ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "rj", JobRestarts = jobRestarts }] };
        var job = new JobBuilder(jobSet, new JobSetLayout(jobSet).ReplicatedJobs[0], 2, gates).Build(Math.Min(index, 1));
        job.Metadata.Labels[WellKnownKeys.JobIndex] = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (label is null)
        {
            job.Metadata.Labels.Remove(WellKnownKeys.JobRestartAttempt);
        }
        else
        {
            job.Metadata.Labels[WellKnownKeys.JobRestartAttempt] = label;
        }

        var (children, error) = ChildJobs.Select(jobSet, [job], gates);
        return error is not null ? "error" : children!.Previous.Count == 1 ? "previous" : children.Active.Count == 1 ? "active" : "other";
    }

    // reconcile: previous-attempt Jobs are deleted in the foreground, each once (one already being deleted is skipped).
    [Test]
    public void Previous_attempt_jobs_are_deleted_in_the_foreground_once()
    {
        var cluster = new MiniCluster(Cluster.Read(Manifests.Single("failurePolicy:\n  maxRestarts: 3")));
        cluster.Reconcile(Cluster.T0);
        cluster.Fail("solo-rj-0", Cluster.T0.AddSeconds(1));
        cluster.Reconcile(Cluster.T0.AddSeconds(2));

        var deleting = cluster.Reconcile(Cluster.T0.AddSeconds(3));
        var again = cluster.Reconcile(Cluster.T0.AddSeconds(4));

        Assert.Multiple(() =>
        {
            Assert.That(deleting.DocumentActions().Select(a => $"{a.Type} {a.Resource.Metadata.Name}"), Is.EqualTo(new[] { "Delete solo-rj-0", "Delete solo-rj-1", "UpdateStatus solo" }));
            Assert.That(deleting.DocumentActions().OfType<Core.Planning.PlanAction>().Where(a => a.Type == "Delete").Select(a => a.Match(_ => "", _ => "", _ => "", d => d.PropagationPolicy)), Is.All.EqualTo("Foreground"));
            Assert.That(again.DocumentActions(), Is.Empty, "Jobs already being deleted are not deleted again, nor recreated while they exist");
        });
    }
}
