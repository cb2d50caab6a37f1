using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;
using static JobSet.Tests.Planning.Conformance.ConformanceFixture;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// The order and early returns of upstream's Reconcile/reconcile (jobset_controller.go): skip
/// rules, finished JobSets, previous-attempt deletion, failure before success before creation,
/// and the status write last; checked with the integration cases named on each test.
/// </summary>
public class ReconcileOrderConformanceTests
{
    // Mirrors Reconcile's jobSetMarkedForDeletion and reconcile's managedByExternalController.
    [TestCase(true, null, SkipReason.Deleting)]
    [TestCase(true, "kueue.x-k8s.io/multikueue", SkipReason.Deleting)]
    [TestCase(false, "kueue.x-k8s.io/multikueue", SkipReason.ManagedByExternalController)]
    [TestCase(false, ApiGroup.ControllerName, "")]
    [TestCase(false, null, "")]
    public void Deleting_and_externally_managed_jobsets_are_skipped(bool deleting, string? managedBy, string skipped)
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 1));
        jobSet.Spec.ManagedBy = managedBy;
        if (deleting)
        {
            jobSet.Metadata.DeletionTimestamp = Cluster.T0.UtcDateTime;
        }

        var plan = Plan(jobSet);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Skipped(), Is.EqualTo(skipped));
            Assert.That(plan.DocumentActions(), skipped.Length > 0 ? Is.Empty : Is.Not.Empty);
            Assert.That(plan.StatusChanged, Is.EqualTo(skipped.Length == 0));
        });
    }

    // Mirrors "active jobs are deleted after jobset succeeds" / "... fails": a finished JobSet deletes
    // its active Jobs (not those already being deleted, nor finished ones) and creates nothing.
    [TestCase(JobSetConditionType.Completed)]
    [TestCase(JobSetConditionType.Failed)]
    public void Finished_jobset_deletes_its_active_jobs_and_creates_nothing(string finished)
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 4), "network: {enableDNSHostnames: true}");
        jobSet.Status = new V1alpha2JobSetStatus { Conditions = [new V1Condition { Type = finished, Status = "True", Reason = "R", Message = "M", LastTransitionTime = Cluster.T0.UtcDateTime }] };
        var beingDeleted = OwnedJob(jobSet, "rj", 1);
        beingDeleted.Metadata.DeletionTimestamp = Cluster.T0.UtcDateTime;
        var jobs = new[] { OwnedJob(jobSet, "rj", 0), beingDeleted, OwnedJob(jobSet, "rj", 2, finished: "Complete") };

        var plan = Plan(jobSet, jobs);

        Assert.Multiple(() =>
        {
            Assert.That(plan.DocumentActions().Where(a => a.Type != PlanActionType.UpdateStatus).Select(a => $"{a.Type} {a.Resource.Metadata.Name}"), Is.EqualTo(new[] { "Delete test-jobset-rj-0" }));
            Assert.That(plan.DocumentActions().OfType<PlanAction>().Select(a => a.Value).OfType<DeleteAction>().Single().PropagationPolicy, Is.EqualTo(PropagationPolicy.Foreground));
        });
    }

    // Mirrors reconcile: Jobs of a previous attempt are deleted (foreground) before anything is
    // created, and the status write comes last.
    [Test]
    public void Previous_attempt_jobs_are_deleted_first_and_the_status_is_written_last()
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 2), "network: {enableDNSHostnames: true}\nvolumeClaimPolicies:\n- templates:\n  - metadata: {name: data}\n    spec: {accessModes: [ReadWriteOnce]}");
        jobSet.Status = new V1alpha2JobSetStatus { Restarts = 1 };

        var plan = Plan(jobSet, [OwnedJob(jobSet, "rj", 0, restartAttempt: 0), OwnedJob(jobSet, "rj", 1, restartAttempt: 1)]);

        Assert.That(plan.DocumentActions().Select(a => $"{a.Type} {a.Resource.Kind} {a.Resource.Metadata.Name}"), Is.EqualTo(new[]
        {
            "Delete Job test-jobset-rj-0",
            "Create Service test-jobset",
            "Create PersistentVolumeClaim data-test-jobset",
            "UpdateStatus JobSet test-jobset",
        }));
    }

    // Mirrors reconcile's early returns: with a failed Job the failure policy decides and nothing is
    // created (no Service, claims or Jobs); with all Jobs succeeded the JobSet completes instead.
    [TestCase("Failed", "Failed")]
    [TestCase("Complete", "Completed")]
    public void Failure_and_success_return_before_anything_is_created(string jobOutcome, string condition)
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 2), "network: {enableDNSHostnames: true}");
        var jobs = new[] { OwnedJob(jobSet, "rj", 0, finished: jobOutcome), OwnedJob(jobSet, "rj", 1, finished: "Complete") };

        var plan = Plan(jobSet, jobs);

        Assert.Multiple(() =>
        {
            Assert.That(plan.DocumentActions().Where(a => a.Type == PlanActionType.Create), Is.Empty);
            Assert.That(plan.Status.Conditions!.Where(c => c.Status == "True").Select(c => c.Type), Is.EqualTo(new[] { condition }));
        });
    }

    // Mirrors reconcile: "jobs ready" turns an existing Restarting condition False (while suspended
    // the suspension does it, with its own reason), and never adds it.
    [TestCase(false, true, "False", Reasons.RestartingJobsReady)]
    [TestCase(true, true, "False", Reasons.RestartingJobSetSuspended)]
    [TestCase(false, false, null, null)]
    public void All_jobs_ready_turns_restarting_false(bool suspended, bool restartingBefore, string? expected, string? reason)
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 1), suspended ? "suspend: true" : "");
        jobSet.Status = restartingBefore
            ? new V1alpha2JobSetStatus { Restarts = 1, Conditions = [new V1Condition { Type = JobSetConditionType.Restarting, Status = "True", Reason = "R", Message = "M", LastTransitionTime = Cluster.T0.UtcDateTime }] }
            : new V1alpha2JobSetStatus { Restarts = 1 };
        var job = OwnedJob(jobSet, "rj", 0, restartAttempt: 1, suspended: suspended);
        job.Status = new V1JobStatus { Ready = 1, Active = 1 };

        var plan = Plan(jobSet, [job]);

        var restarting = plan.Status.Conditions?.SingleOrDefault(c => c.Type == JobSetConditionType.Restarting);
        Assert.Multiple(() =>
        {
            Assert.That(restarting?.Status, Is.EqualTo(expected));
            Assert.That(restarting?.Reason, Is.EqualTo(reason));
        });
    }

    // The plan document of a skipped JobSet, as `jobset plan` prints it.
    [Test]
    public void Skipped_plan_document_has_no_actions_and_no_status_change()
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 1));
        jobSet.Spec.ManagedBy = "kueue.x-k8s.io/multikueue";

        var node = ReconcilePlanDocument.ToNode(Plan(jobSet));

        Assert.Multiple(() =>
        {
            Assert.That((string?)node["kind"], Is.EqualTo("ReconcilePlan"));
            Assert.That((string?)node["skipped"], Is.EqualTo(SkipReason.ManagedByExternalController));
            Assert.That((bool?)node["statusChanged"], Is.False);
            Assert.That(node["actions"]!.AsArray(), Is.Empty);
            Assert.That(node.ContainsKey("requeueAfterSeconds"), Is.False);
        });
    }
}
