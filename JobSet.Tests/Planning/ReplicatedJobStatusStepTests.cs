using JobSet.Core.Api;
using JobSet.Core.Planning;

namespace JobSet.Tests.Planning;

/// <summary>
/// When the ReplicatedJob counts count as changed (upstream writes the status then), and when
/// every Job counts as ready (Restarting turns False), with more than one ReplicatedJob.
/// </summary>
public class ReplicatedJobStatusStepTests
{
    private static V1alpha2ReplicatedJobStatus Status(string field = "", int value = 1)
    {
        var status = new V1alpha2ReplicatedJobStatus { Name = "rj", JobRestarts = [0, 0], JobRestartsCountTowardsMax = [0, 0] };
        switch (field)
        {
            case "name": status.Name = "other"; break;
            case "ready": status.Ready = value; break;
            case "succeeded": status.Succeeded = value; break;
            case "failed": status.Failed = value; break;
            case "active": status.Active = value; break;
            case "suspended": status.Suspended = value; break;
            case "jobRestarts": status.JobRestarts = [0, value]; break;
            case "jobRestartsCountTowardsMax": status.JobRestartsCountTowardsMax = [value, 0]; break;
        }

        return status;
    }

    [TestCase("", ExpectedResult = true, TestName = "Counts equal")]
    [TestCase("name", ExpectedResult = false, TestName = "Counts differ: name alone")]
    [TestCase("ready", ExpectedResult = false, TestName = "Counts differ: ready alone")]
    [TestCase("succeeded", ExpectedResult = false, TestName = "Counts differ: succeeded alone")]
    [TestCase("failed", ExpectedResult = false, TestName = "Counts differ: failed alone")]
    [TestCase("active", ExpectedResult = false, TestName = "Counts differ: active alone")]
    [TestCase("suspended", ExpectedResult = false, TestName = "Counts differ: suspended alone")]
    [TestCase("jobRestarts", ExpectedResult = false, TestName = "Counts differ: jobRestarts alone")]
    [TestCase("jobRestartsCountTowardsMax", ExpectedResult = false, TestName = "Counts differ: jobRestartsCountTowardsMax alone")]
    public bool Any_one_changed_count_is_a_change(string field) =>
        ReplicatedJobStatusStep.Equal([Status()], [Status(field)]);

    [Test]
    public void A_missing_restart_list_equals_an_empty_one()
    {
        var absent = new V1alpha2ReplicatedJobStatus { Name = "rj" };
        var empty = new V1alpha2ReplicatedJobStatus { Name = "rj", JobRestarts = [], JobRestartsCountTowardsMax = [] };

        Assert.That(ReplicatedJobStatusStep.Equal([absent], [empty]), Is.True);
    }

    [Test]
    public void A_different_number_of_replicated_jobs_is_a_change() =>
        Assert.That(ReplicatedJobStatusStep.Equal([Status()], [Status(), Status("name")]), Is.False);

    [Test]
    public void A_difference_in_a_later_entry_is_a_change()
    {
        var changed = Status("name");
        changed.Ready = 2;

        Assert.That(ReplicatedJobStatusStep.Equal([Status(), Status("name")], [Status(), changed]), Is.False);
    }

    [Test]
    public void A_change_of_ready_alone_makes_the_planner_write_the_status()
    {
        var cluster = new Cluster(Manifests.LeaderWorkers);
        cluster.Step();
        cluster.Step();
        cluster.Job("train-leader-0").Status = new k8s.Models.V1JobStatus { Ready = 1 };

        var plan = cluster.Plan();

        Assert.That(plan.StatusChanged, Is.True);
        Assert.That(plan.Status.ReplicatedJobsStatus!.Single(s => s.Name == "leader").Ready, Is.EqualTo(1));
    }

    // LeaderWorkers: 1 leader Job + 2 workers Jobs = 3 Jobs.
    [TestCase(1, 0, 2, 0, ExpectedResult = true, TestName = "All ready: every Job ready")]
    [TestCase(0, 1, 1, 1, ExpectedResult = true, TestName = "All ready: ready and succeeded add up")]
    [TestCase(1, 0, 1, 0, ExpectedResult = false, TestName = "All ready: one workers Job not ready")]
    [TestCase(0, 0, 2, 0, ExpectedResult = false, TestName = "All ready: leader not ready")]
    [TestCase(1, 0, 0, 0, ExpectedResult = false, TestName = "All ready: only the leader ready")]
    public bool All_jobs_ready_counts_every_replicated_job(int leaderReady, int leaderSucceeded, int workersReady, int workersSucceeded)
    {
        var context = new ReconcileContext(Cluster.Read(Manifests.LeaderWorkers), Cluster.T0, FeatureGates.Default);

        return ReplicatedJobStatusStep.AllJobsReady(context,
        [
            new V1alpha2ReplicatedJobStatus { Name = "workers", Ready = workersReady, Succeeded = workersSucceeded },
            new V1alpha2ReplicatedJobStatus { Name = "leader", Ready = leaderReady, Succeeded = leaderSucceeded },
        ]);
    }

    [Test]
    public void Restarting_turns_false_once_the_jobs_of_every_replicated_job_are_ready()
    {
        var cluster = new Cluster(Manifests.LeaderWorkersWith("failurePolicy:\n  maxRestarts: 3"));
        cluster.Step();
        cluster.Fail("train-workers-1", Cluster.T0);
        cluster.Step(Cluster.T0.AddMinutes(1));
        cluster.Step(Cluster.T0.AddMinutes(2));
        cluster.Step(Cluster.T0.AddMinutes(3));
        Assert.That(Restarting(cluster), Is.EqualTo("True"), "the restart sets Restarting");

        cluster.Ready("train-leader-0");
        cluster.Ready("train-workers-0");
        cluster.Step(Cluster.T0.AddMinutes(4));
        Assert.That(Restarting(cluster), Is.EqualTo("True"), "one workers Job is not ready yet");

        cluster.Ready("train-workers-1");
        cluster.Step(Cluster.T0.AddMinutes(5));
        Assert.That(Restarting(cluster), Is.EqualTo("False"));
    }

    private static string? Restarting(Cluster cluster) =>
        cluster.JobSet.Status?.Conditions?.SingleOrDefault(c => c.Type == JobSetConditionType.Restarting)?.Status;

    [Test]
    public void A_status_entry_of_an_unknown_replicated_job_is_dropped_with_the_RestartJob_gate()
    {
        var cluster = new Cluster(Manifests.Single()) { Gates = new FeatureGates(RestartJob: true) };
        cluster.JobSet.Status = new V1alpha2JobSetStatus
        {
            ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "gone", JobRestarts = [1] }, new V1alpha2ReplicatedJobStatus { Name = "rj", JobRestarts = [0, 2] }],
        };

        var plan = cluster.Plan();

        Assert.That(plan.Status.ReplicatedJobsStatus!.Select(s => (s.Name, string.Join(",", s.JobRestarts ?? []))), Is.EqualTo(new[] { ("rj", "0,2") }));
    }
}
