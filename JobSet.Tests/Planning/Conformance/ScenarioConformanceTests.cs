using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// Multi-step lifecycles: plan, apply to a <see cref="MiniCluster"/>, move Jobs on, plan again.
/// The expectations follow upstream's controller integration tests
/// (test/integration/controller/jobset_controller_test.go: failure policy, restarts, success, TTL).
/// </summary>
public class ScenarioConformanceTests
{
    private static readonly DateTimeOffset T0 = Cluster.T0;

    [Test]
    public void Failure_restart_then_max_restarts_fails_the_jobset()
    {
        var cluster = new MiniCluster(Cluster.Read(Manifests.Single("failurePolicy:\n  maxRestarts: 1")));

        // First reconcile: both Jobs of attempt 0.
        cluster.Reconcile(T0);
        Assert.That(cluster.Summary(), Is.EqualTo(new[] { "solo-rj-0@0", "solo-rj-1@0" }));
        cluster.AllRunning();
        cluster.Reconcile(T0.AddSeconds(10));

        // A Job fails: the default action restarts the JobSet (status only).
        cluster.Fail("solo-rj-1", T0.AddSeconds(20));
        var restart = cluster.Reconcile(T0.AddSeconds(21));
        Assert.Multiple(() =>
        {
            Assert.That(restart.DocumentActions().Select(a => a.Type), Is.EqualTo(new[] { "UpdateStatus" }));
            Assert.That((cluster.JobSet.Status!.Restarts, cluster.JobSet.Status.RestartsCountTowardsMax), Is.EqualTo((1, 1)));
            Assert.That(Condition(cluster, "RestartingJobSet"), Is.EqualTo("True/DefaultFailurePolicy"));
            Assert.That(restart.Events.Select(e => e.Reason), Is.EqualTo(new[] { "DefaultFailurePolicy", "RestartJobSetFailurePolicyAction" }));
        });

        // Next pass: every Job of attempt 0 is deleted; none is recreated while they exist.
        cluster.Reconcile(T0.AddSeconds(22));
        Assert.That(cluster.Summary(), Is.EqualTo(new[] { "solo-rj-0@0-", "solo-rj-1@0-" }));
        cluster.Reconcile(T0.AddSeconds(23));
        Assert.That(cluster.Summary(), Is.EqualTo(new[] { "solo-rj-0@0-", "solo-rj-1@0-" }));

        // Once gone, attempt 1 is created; Restarting turns False when all are ready.
        cluster.FinishDeletions();
        cluster.Reconcile(T0.AddSeconds(30));
        Assert.That(cluster.Summary(), Is.EqualTo(new[] { "solo-rj-0@1", "solo-rj-1@1" }));
        Assert.That(cluster["solo-rj-0"].Spec.Template.Metadata.Labels[WellKnownKeys.RestartAttempt], Is.EqualTo("1"));
        cluster.AllRunning();
        var ready = cluster.Reconcile(T0.AddSeconds(40));
        Assert.Multiple(() =>
        {
            Assert.That(Condition(cluster, "RestartingJobSet"), Is.EqualTo("False/JobsReady"));
            Assert.That(ready.Events, Is.EqualTo(new[] { new Core.Planning.PlanEvent("Normal", "JobsReady", "all jobs are ready") }));
        });

        // A second failure: maxRestarts (1) is reached, the JobSet fails and its active Jobs go.
        cluster.Fail("solo-rj-0", T0.AddSeconds(50));
        var failed = cluster.Reconcile(T0.AddSeconds(51));
        Assert.Multiple(() =>
        {
            Assert.That(Condition(cluster, "Failed"), Is.EqualTo("True/ReachedMaxRestarts"));
            Assert.That(cluster.JobSet.Status!.TerminalState, Is.EqualTo("Failed"));
            Assert.That(cluster.JobSet.Status.Restarts, Is.EqualTo(1));
            Assert.That(failed.Events.Select(e => $"{e.Reason}: {e.Message}"), Is.EqualTo(new[]
            {
                "ReachedMaxRestarts: jobset failed due to reaching max number of restarts (first failed job: solo-rj-0)",
                "JobSetFailed: jobset failed",
            }));
        });
        cluster.Reconcile(T0.AddSeconds(52));
        Assert.That(cluster.Summary(), Is.EqualTo(new[] { "solo-rj-0@1", "solo-rj-1@1-" }), "the failed Job stays, the active one is deleted");
        cluster.FinishDeletions();
        var quiet = cluster.Reconcile(T0.AddSeconds(60));
        Assert.That(quiet.DocumentActions().Where(a => a.Type != "UpdateStatus"), Is.Empty, "a failed JobSet never creates");
    }

    [Test]
    public void Second_restart_before_the_jobs_were_ready_keeps_the_restarting_condition()
    {
        var cluster = new MiniCluster(Cluster.Read(Manifests.Single("failurePolicy:\n  maxRestarts: 5\n  rules:\n  - name: again\n    action: RestartJobSetAndIgnoreMaxRestarts")));
        cluster.Reconcile(T0);
        cluster.Fail("solo-rj-1", T0.AddSeconds(1));
        cluster.Reconcile(T0.AddSeconds(2));
        cluster.Reconcile(T0.AddSeconds(3));
        cluster.FinishDeletions();
        cluster.Reconcile(T0.AddSeconds(4));

        // The same Job fails again in attempt 1 before anything became ready: the condition is
        // identical (same reason, same message), so only the action's event is emitted.
        cluster.Fail("solo-rj-1", T0.AddSeconds(5));
        var second = cluster.Reconcile(T0.AddSeconds(6));

        var restarting = cluster.JobSet.Status!.Conditions!.Single(c => c.Type == "RestartingJobSet");
        Assert.Multiple(() =>
        {
            Assert.That((cluster.JobSet.Status.Restarts, cluster.JobSet.Status.RestartsCountTowardsMax), Is.EqualTo((2, 0)));
            Assert.That(second.Events.Select(e => e.Reason), Is.EqualTo(new[] { "RestartJobSetAndIgnoreMaxRestartsFailurePolicyAction" }));
            Assert.That((restarting.Status, restarting.Reason), Is.EqualTo(("True", "FailurePolicy_again")));
            Assert.That(restarting.LastTransitionTime, Is.EqualTo(T0.AddSeconds(2).UtcDateTime), "kept from the first restart");
        });

        cluster.Reconcile(T0.AddSeconds(7));
        Assert.That(cluster.Summary(), Is.EqualTo(new[] { "solo-rj-0@1-", "solo-rj-1@1-" }));
        cluster.FinishDeletions();
        cluster.Reconcile(T0.AddSeconds(8));
        Assert.That(cluster.Summary(), Is.EqualTo(new[] { "solo-rj-0@2", "solo-rj-1@2" }));
    }

    [Test]
    public void Blocking_recreate_waits_for_every_previous_job()
    {
        var cluster = new MiniCluster(Cluster.Read(Manifests.Single("failurePolicy:\n  maxRestarts: 2\n  restartStrategy: BlockingRecreate")));
        cluster.Reconcile(T0);
        cluster.Fail("solo-rj-0", T0.AddSeconds(1));
        cluster.Reconcile(T0.AddSeconds(2));
        cluster.Reconcile(T0.AddSeconds(3));

        cluster.FinishDeletion("solo-rj-0");
        var blocked = cluster.Reconcile(T0.AddSeconds(4));
        cluster.FinishDeletion("solo-rj-1");
        var unblocked = cluster.Reconcile(T0.AddSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(blocked.Actions.Where(a => a.Type == "Create"), Is.Empty);
            Assert.That(unblocked.Actions.Where(a => a.Type == "Create").Select(a => a.Resource.Metadata.Name), Is.EqualTo(new[] { "solo-rj-0", "solo-rj-1" }));
            Assert.That(cluster.Summary(), Is.EqualTo(new[] { "solo-rj-0@1", "solo-rj-1@1" }));
        });
    }

    [Test]
    public void Recreate_recreates_each_job_as_soon_as_its_old_one_is_gone()
    {
        var cluster = new MiniCluster(Cluster.Read(Manifests.Single("failurePolicy:\n  maxRestarts: 2\n  restartStrategy: Recreate")));
        cluster.Reconcile(T0);
        cluster.Fail("solo-rj-0", T0.AddSeconds(1));
        cluster.Reconcile(T0.AddSeconds(2));
        cluster.Reconcile(T0.AddSeconds(3));

        cluster.FinishDeletion("solo-rj-0");
        cluster.Reconcile(T0.AddSeconds(4));

        Assert.That(cluster.Summary(), Is.EqualTo(new[] { "solo-rj-0@1", "solo-rj-1@0-" }));
    }

    [Test]
    public void Restart_job_recreates_only_the_failed_job()
    {
        var cluster = new MiniCluster(
            Cluster.Read(Manifests.Single("failurePolicy:\n  maxRestarts: 2\n  rules:\n  - name: one\n    action: RestartJob")),
            new FeatureGates(RestartJob: true));
        cluster.Reconcile(T0);
        cluster.AllRunning();
        cluster.Fail("solo-rj-1", T0.AddSeconds(1));

        cluster.Reconcile(T0.AddSeconds(2));
        var rj = cluster.JobSet.Status!.ReplicatedJobsStatus!.Single();
        Assert.That((rj.JobRestarts, rj.JobRestartsCountTowardsMax), Is.EqualTo((new[] { 0, 1 }, new[] { 0, 1 })));

        cluster.Reconcile(T0.AddSeconds(3));
        Assert.That(cluster.Summary(), Is.EqualTo(new[] { "solo-rj-0@0", "solo-rj-1@0-" }));
        cluster.FinishDeletions();
        cluster.Reconcile(T0.AddSeconds(4));

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Summary(), Is.EqualTo(new[] { "solo-rj-0@0", "solo-rj-1@0" }));
            Assert.That(cluster["solo-rj-1"].Metadata.Labels["jobset.sigs.k8s.io/job-restart-attempt"], Is.EqualTo("1"));
            Assert.That(cluster["solo-rj-0"].Metadata.Labels["jobset.sigs.k8s.io/job-restart-attempt"], Is.EqualTo("0"));
            Assert.That(cluster.JobSet.Status!.Restarts, Is.EqualTo(0));
        });
    }

    [Test]
    public void Success_completes_then_ttl_deletes_the_jobset()
    {
        var cluster = new MiniCluster(Cluster.Read(Manifests.Single("ttlSecondsAfterFinished: 30")));
        cluster.Reconcile(T0);
        cluster.AllRunning();
        cluster.Succeed("solo-rj-0", T0.AddSeconds(5));
        var partial = cluster.Reconcile(T0.AddSeconds(6));
        Assert.That(Condition(cluster, "Completed"), Is.Null, "one of two Jobs is not enough under All");
        Assert.That(partial.RequeueAfter, Is.Null);

        cluster.Succeed("solo-rj-1", T0.AddSeconds(10));
        var completed = cluster.Reconcile(T0.AddSeconds(10.5));
        Assert.Multiple(() =>
        {
            Assert.That(Condition(cluster, "Completed"), Is.EqualTo("True/AllJobsCompleted"));
            Assert.That(cluster.JobSet.Status!.TerminalState, Is.EqualTo("Completed"));
            Assert.That(completed.Events.Select(e => e.Reason), Is.EqualTo(new[] { "AllJobsCompleted" }));
            Assert.That(completed.RequeueAfter, Is.Null, "the completing pass returns before the TTL policy");
        });

        // The condition's time is whole seconds (T0+10); the TTL counts from it.
        var waiting = cluster.Reconcile(T0.AddSeconds(20));
        Assert.That(waiting.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(cluster.JobSetDeleted, Is.False);

        var expired = cluster.Reconcile(T0.AddSeconds(40));
        Assert.Multiple(() =>
        {
            Assert.That(cluster.JobSetDeleted, Is.True);
            Assert.That(expired.Actions.Select(a => $"{a.Type} {a.Resource.Metadata.Name}"), Is.EqualTo(new[] { "Delete solo" }));
            Assert.That(expired.RequeueAfter, Is.Null);
            Assert.That(cluster.Jobs.Count, Is.EqualTo(2), "the Jobs go with the JobSet by garbage collection, not by the planner");
        });
    }

    private static string? Condition(MiniCluster cluster, string type) =>
        cluster.JobSet.Status?.Conditions?.SingleOrDefault(c => c.Type == type) is V1Condition c ? $"{c.Status}/{c.Reason}" : null;
}
