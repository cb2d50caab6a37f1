using JobSet.Core.Api;
using JobSet.Core.Planning;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Planning;

/// <summary>
/// Plans at the key moments of each capability, as reviewed YAML snapshots, with the decisive
/// facts asserted as well so that a snapshot update cannot hide a regression.
/// </summary>
public class PlanSnapshotTests
{
    private static void Match(ReconcilePlan plan) => Snapshot.Match(ReconcilePlanDocument.ToYaml(plan));

    private static List<string> Types(ReconcilePlan plan) => [.. plan.DocumentActions().Select(a => $"{a.Type} {a.Resource.Kind} {a.Resource.Metadata.Name}")];

    [Test]
    public void First_reconcile_creates_the_service_and_every_job()
    {
        var cluster = new Cluster(Manifests.LeaderWorkers);

        var plan = cluster.Plan();

        Assert.That(Types(plan), Is.EqualTo(new[]
        {
            "Create Service train", "Create Job train-leader-0", "Create Job train-workers-0", "Create Job train-workers-1", "UpdateStatus JobSet train",
        }));
        Match(plan);
    }

    [Test]
    public void All_jobs_ready_writes_counts_once_then_nothing()
    {
        var cluster = new Cluster(Manifests.LeaderWorkers);
        cluster.Step();
        cluster.AllReady();

        var plan = cluster.Step();
        var again = cluster.Plan();

        Assert.Multiple(() =>
        {
            Assert.That(plan.StatusChanged, Is.True);
            Assert.That(plan.Status.ReplicatedJobsStatus!.Sum(s => s.Ready), Is.EqualTo(3));
            Assert.That(again.DocumentActions(), Is.Empty);
            Assert.That(again.StatusChanged, Is.False);
        });
        Match(plan);
    }

    [Test]
    public void All_jobs_succeeded_completes_the_jobset()
    {
        var cluster = new Cluster(Manifests.LeaderWorkers);
        cluster.Step();
        cluster.Jobs.ForEach(j => Cluster.Finish(j, "Complete", "CompletionsReached", "done", Cluster.T0));

        var plan = cluster.Step(Cluster.T0.AddMinutes(5));

        Assert.That(plan.Status.TerminalState, Is.EqualTo(TerminalState.Completed));
        Match(plan);
    }

    [Test]
    public void Success_policy_any_of_a_target_completes_on_the_first_success()
    {
        var cluster = new Cluster(Manifests.LeaderWorkersWith("successPolicy:\n  operator: Any\n  targetReplicatedJobs: [leader]"));
        cluster.Step();
        cluster.Succeed("train-leader-0");

        var plan = cluster.Step(Cluster.T0.AddMinutes(1));
        var cleanup = cluster.Plan(Cluster.T0.AddMinutes(2));

        Assert.Multiple(() =>
        {
            Assert.That(plan.Status.TerminalState, Is.EqualTo(TerminalState.Completed));
            Assert.That(Types(cleanup), Is.EqualTo(new[] { "Delete Job train-workers-0", "Delete Job train-workers-1" }));
        });
        Match(plan);
    }

    [Test]
    public void Finished_jobset_with_ttl_requeues_until_expiry_then_deletes_itself()
    {
        var cluster = new Cluster(Manifests.Single("ttlSecondsAfterFinished: 60", replicas: 1));
        cluster.Step();
        cluster.Succeed("solo-rj-0");
        cluster.Step(Cluster.T0.AddSeconds(10));

        var waiting = cluster.Plan(Cluster.T0.AddSeconds(40));
        var expired = cluster.Plan(Cluster.T0.AddSeconds(70));

        Assert.Multiple(() =>
        {
            Assert.That(waiting.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(Types(expired), Is.EqualTo(new[] { "Delete JobSet solo" }));
        });
        Match(waiting);
        Snapshot.Match(ReconcilePlanDocument.ToYaml(expired), "Finished_jobset_with_ttl_requeues_until_expiry_then_deletes_itself.expired");
    }

    [Test]
    public void Failed_job_without_failure_policy_fails_the_jobset()
    {
        var cluster = new Cluster(Manifests.LeaderWorkers);
        cluster.Step();
        cluster.Fail("train-workers-1", Cluster.T0.AddMinutes(3));
        cluster.Fail("train-workers-0", Cluster.T0.AddMinutes(4));

        var plan = cluster.Step(Cluster.T0.AddMinutes(5));

        Assert.Multiple(() =>
        {
            Assert.That(plan.Status.TerminalState, Is.EqualTo(TerminalState.Failed));
            Assert.That(plan.Events.Single().Message, Is.EqualTo("jobset failed due to one or more job failures (first failed job: train-workers-1)"));
        });
        Match(plan);
    }

    [Test]
    public void Failed_job_with_default_rule_restarts_the_jobset()
    {
        var cluster = new Cluster(Manifests.LeaderWorkersWith("failurePolicy:\n  maxRestarts: 2"));
        cluster.Step();
        cluster.AllReady();
        cluster.Step();
        cluster.Fail("train-workers-0", Cluster.T0.AddMinutes(1));

        var restart = cluster.Step(Cluster.T0.AddMinutes(2));
        var recreate = cluster.Step(Cluster.T0.AddMinutes(3));
        var create = cluster.Step(Cluster.T0.AddMinutes(4));

        Assert.Multiple(() =>
        {
            Assert.That(restart.Status.Restarts, Is.EqualTo(1));
            Assert.That(restart.Events.Select(e => e.Reason), Is.EqualTo(new[] { "DefaultFailurePolicy", "RestartJobSetFailurePolicyAction" }));
            Assert.That(Types(recreate).Count(t => t.StartsWith("Delete Job", StringComparison.Ordinal)), Is.EqualTo(3));
            Assert.That(Types(create).Count(t => t.StartsWith("Create Job", StringComparison.Ordinal)), Is.EqualTo(3));
            Assert.That(cluster.Jobs.All(j => j.Metadata.Labels[WellKnownKeys.RestartAttempt] == "1"), Is.True);
        });
        Match(restart);
        Snapshot.Match(ReconcilePlanDocument.ToYaml(recreate), "Failed_job_with_default_rule_restarts_the_jobset.recreate");
    }

    [Test]
    public void Jobs_ready_again_after_a_restart_turn_restarting_false()
    {
        var cluster = new Cluster(Manifests.Single("failurePolicy:\n  maxRestarts: 2"));
        cluster.Step();
        cluster.Fail("solo-rj-0", Cluster.T0);
        cluster.Step();
        cluster.Step();
        cluster.Step();
        cluster.AllReady();

        var plan = cluster.Step(Cluster.T0.AddMinutes(10));

        var restarting = plan.Status.Conditions!.Single(c => c.Type == JobSetConditionType.Restarting);
        Assert.That((restarting.Status, restarting.Reason), Is.EqualTo(("False", "JobsReady")));
        Match(plan);
    }

    [Test]
    public void Reaching_max_restarts_fails_the_jobset()
    {
        var cluster = new Cluster(Manifests.Single("failurePolicy:\n  maxRestarts: 1"));
        cluster.JobSet.Status = new V1alpha2JobSetStatus { Restarts = 1, RestartsCountTowardsMax = 1 };
        cluster.Step();
        cluster.Fail("solo-rj-1", Cluster.T0);

        var plan = cluster.Step(Cluster.T0.AddMinutes(1));

        Assert.That(plan.Status.Conditions!.Single(c => c.Type == "Failed").Reason, Is.EqualTo("ReachedMaxRestarts"));
        Match(plan);
    }

    [Test]
    public void FailJobSet_rule_matching_the_reason_fails_at_once()
    {
        var cluster = new Cluster(Manifests.Single("""
            failurePolicy:
              maxRestarts: 5
              rules:
              - name: fatal
                action: FailJobSet
                onJobFailureReasons: [PodFailurePolicy]
            """));
        cluster.Step();
        cluster.Fail("solo-rj-0", Cluster.T0.AddMinutes(2), reason: "BackoffLimitExceeded");
        cluster.Fail("solo-rj-1", Cluster.T0.AddMinutes(3), reason: "PodFailurePolicy");

        var plan = cluster.Step(Cluster.T0.AddMinutes(4));

        Assert.That(plan.Status.Conditions!.Single(c => c.Type == "Failed").Message, Is.EqualTo("applying FailJobSet failure policy action (first failed job: solo-rj-1)"));
        Match(plan);
    }

    [Test]
    public void RestartJobSetAndIgnoreMaxRestarts_rule_restarts_without_counting()
    {
        var cluster = new Cluster(Manifests.Single("""
            failurePolicy:
              maxRestarts: 0
              rules:
              - name: preempted
                action: RestartJobSetAndIgnoreMaxRestarts
                onJobFailureMessagePatterns: ["[Pp]reempt(ed|ion)"]
            """));
        cluster.Step();
        cluster.Fail("solo-rj-0", Cluster.T0, message: "pod was preempted by a higher priority pod");

        var plan = cluster.Step(Cluster.T0.AddMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That((plan.Status.Restarts, plan.Status.RestartsCountTowardsMax), Is.EqualTo((1, 0)));
            Assert.That(plan.Status.Conditions!.Single().Reason, Is.EqualTo("FailurePolicy_preempted"));
        });
        Match(plan);
    }

    [Test]
    public void RestartJob_rule_with_the_gate_restarts_only_that_job()
    {
        var cluster = new Cluster(Manifests.Single("failurePolicy:\n  maxRestarts: 3\n  rules:\n  - action: RestartJob")) { Gates = new FeatureGates(RestartJob: true) };
        cluster.Step();
        cluster.Fail("solo-rj-1", Cluster.T0);

        var restart = cluster.Step(Cluster.T0.AddMinutes(1));
        var delete = cluster.Step(Cluster.T0.AddMinutes(2));
        var create = cluster.Step(Cluster.T0.AddMinutes(3));

        Assert.Multiple(() =>
        {
            Assert.That(restart.Status.ReplicatedJobsStatus!.Single().JobRestarts, Is.EqualTo(new[] { 0, 1 }));
            Assert.That(Types(delete), Is.EqualTo(new[] { "Delete Job solo-rj-1", "UpdateStatus JobSet solo" }));
            Assert.That(cluster.Job("solo-rj-1").Metadata.Labels[WellKnownKeys.JobRestartAttempt], Is.EqualTo("1"));
            Assert.That(Types(create), Does.Contain("Create Job solo-rj-1"));
        });
        Match(restart);
    }

    [Test]
    public void RestartJobAndIgnoreMaxRestarts_rule_restarts_the_job_without_counting()
    {
        var cluster = new Cluster(Manifests.Single("failurePolicy:\n  maxRestarts: 0\n  rules:\n  - name: flaky\n    action: RestartJobAndIgnoreMaxRestarts")) { Gates = new FeatureGates(RestartJob: true) };
        cluster.Step();
        cluster.Fail("solo-rj-0", Cluster.T0);

        var plan = cluster.Step(Cluster.T0.AddMinutes(1));

        var rj = plan.Status.ReplicatedJobsStatus!.Single();
        Assert.Multiple(() =>
        {
            Assert.That((rj.JobRestarts, rj.JobRestartsCountTowardsMax), Is.EqualTo((new[] { 1, 0 }, (IList<int>?)null)));
            Assert.That(plan.Events.Single().Reason, Is.EqualTo("RestartJobAndIgnoreMaxRestartsFailurePolicyAction"));
        });
        Match(plan);
    }

    [Test]
    public void RestartJob_rule_without_the_gate_stops_with_an_error()
    {
        var cluster = new Cluster(Manifests.Single("failurePolicy:\n  maxRestarts: 3\n  rules:\n  - action: RestartJob"));
        cluster.Step();
        cluster.Fail("solo-rj-1", Cluster.T0);

        var plan = cluster.Plan(Cluster.T0.AddMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(plan!.Error(), Does.Contain("feature gate RestartJob is disabled"));
            Assert.That(plan.StatusChanged, Is.False);
        });
        Match(plan);
    }

    [Test]
    public void BlockingRecreate_creates_nothing_while_old_jobs_remain()
    {
        var cluster = new Cluster(Manifests.Single("failurePolicy:\n  maxRestarts: 3\n  restartStrategy: BlockingRecreate"));
        cluster.Step();
        cluster.Fail("solo-rj-0", Cluster.T0);
        cluster.Step();
        // One old Job is gone, the other is still being deleted (foreground).
        cluster.Jobs.RemoveAll(j => j.Metadata.Name == "solo-rj-0");
        cluster.Job("solo-rj-1").Metadata.DeletionTimestamp = Cluster.T0.UtcDateTime;

        var plan = cluster.Plan(Cluster.T0.AddMinutes(1));
        cluster.JobSet.Spec.FailurePolicy!.RestartStrategy = RestartStrategy.Recreate;
        var recreate = cluster.Plan(Cluster.T0.AddMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(plan.DocumentActions().Where(a => a.Type == "Create"), Is.Empty);
            Assert.That(Types(recreate), Does.Contain("Create Job solo-rj-0"));
        });
        Match(plan);
    }

    [Test]
    public void Suspended_jobset_creates_suspended_jobs()
    {
        var cluster = new Cluster(Manifests.LeaderWorkersWith("suspend: true"));

        var plan = cluster.Step();

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Jobs.All(j => j.Spec.Suspend == true), Is.True);
            Assert.That(plan.Status.Conditions!.Single().Type, Is.EqualTo("Suspended"));
        });
        Match(plan);
    }

    [Test]
    public void Suspending_a_running_jobset_suspends_its_active_jobs()
    {
        var cluster = new Cluster(Manifests.Single());
        cluster.Step();
        cluster.AllReady();
        cluster.Step();
        cluster.JobSet.Spec.Suspend = true;

        var plan = cluster.Step(Cluster.T0.AddMinutes(1));

        Assert.That(Types(plan), Is.EqualTo(new[] { "Update Job solo-rj-0", "Update Job solo-rj-1", "UpdateStatus JobSet solo" }));
        Match(plan);
    }

    [Test]
    public void Resuming_replaces_scheduling_directives_and_merges_labels()
    {
        var cluster = new Cluster(Manifests.Single("suspend: true", replicas: 1));
        cluster.JobSet.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["flavor"] = "spot" };
        cluster.Step();
        var template = cluster.JobSet.Spec.ReplicatedJobs![0].Template.Spec.Template;
        cluster.Job("solo-rj-0").Status = new k8s.Models.V1JobStatus { StartTime = Cluster.T0.UtcDateTime };
        cluster.Job("solo-rj-0").Spec.Template.Metadata.Labels["added-by-other-controller"] = "yes";

        // Kueue evicts, then admits the workload on another flavor.
        cluster.JobSet.Spec.Suspend = false;
        template.Spec.NodeSelector = new Dictionary<string, string> { ["flavor"] = "on-demand" };
        template.Spec.Tolerations = [new k8s.Models.V1Toleration { Key = "on-demand", OperatorProperty = "Exists" }];
        template.Metadata = new k8s.Models.V1ObjectMeta { Labels = new Dictionary<string, string> { ["kueue.x-k8s.io/podset"] = "rj" } };

        var plan = cluster.Step(Cluster.T0.AddMinutes(1));

        var resumed = cluster.Job("solo-rj-0");
        Assert.Multiple(() =>
        {
            Assert.That(Types(plan), Is.EqualTo(new[] { "UpdateStatus Job solo-rj-0", "Update Job solo-rj-0", "UpdateStatus JobSet solo" }));
            Assert.That(resumed.Spec.Template.Spec.NodeSelector, Is.EqualTo(new Dictionary<string, string> { ["flavor"] = "on-demand" }));
            Assert.That(resumed.Spec.Template.Metadata.Labels["added-by-other-controller"], Is.EqualTo("yes"));
            Assert.That(resumed.Spec.Template.Metadata.Labels["kueue.x-k8s.io/podset"], Is.EqualTo("rj"));
            Assert.That(resumed.Status.StartTime, Is.Null);
            Assert.That(plan.Status.Conditions!.Single().Reason, Is.EqualTo("ResumeJobs"));
        });
        Match(plan);
    }

    [Test]
    public void In_order_startup_creates_one_replicated_job_at_a_time()
    {
        var cluster = new Cluster(Manifests.LeaderWorkersWith("startupPolicy:\n  startupPolicyOrder: InOrder"));

        var first = cluster.Step();
        var waiting = cluster.Plan();
        cluster.AllReady();
        var second = cluster.Step(Cluster.T0.AddMinutes(1));
        cluster.AllReady();
        var done = cluster.Step(Cluster.T0.AddMinutes(2));

        Assert.Multiple(() =>
        {
            Assert.That(Types(first), Does.Contain("Create Job train-leader-0").And.Not.Contain("Create Job train-workers-0"));
            Assert.That(waiting.Actions, Is.Empty);
            Assert.That(Types(second), Does.Contain("Create Job train-workers-0"));
            Assert.That(done.Status.Conditions!.Select(c => $"{c.Type}={c.Status}"), Is.EquivalentTo(new[] { "StartupPolicyInProgress=False", "StartupPolicyCompleted=True" }));
        });
        Match(first);
        Snapshot.Match(ReconcilePlanDocument.ToYaml(done), "In_order_startup_creates_one_replicated_job_at_a_time.done");
    }

    [Test]
    public void Depends_on_complete_waits_for_the_dependency()
    {
        var yaml = Manifests.LeaderWorkers.Replace(
            "  - name: workers\n    replicas: 2\n",
            "  - name: workers\n    replicas: 2\n    dependsOn:\n    - name: leader\n      status: Complete\n",
            StringComparison.Ordinal);
        var cluster = new Cluster(yaml);

        var first = cluster.Step();
        cluster.Succeed("train-leader-0");
        var second = cluster.Step(Cluster.T0.AddMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(Types(first).Count(t => t.StartsWith("Create Job", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(Types(second), Is.EqualTo(new[] { "Create Job train-workers-0", "Create Job train-workers-1", "UpdateStatus JobSet train" }));
        });
        Match(second);
    }

    [Test]
    public void Volume_claim_policies_create_claims_and_mount_them()
    {
        var cluster = new Cluster(Manifests.Single(
            """
            volumeClaimPolicies:
            - templates:
              - metadata:
                  name: data
                spec:
                  accessModes: [ReadWriteMany]
                  resources:
                    requests:
                      storage: 1Gi
              retentionPolicy:
                whenDeleted: Retain
            """,
            replicas: 1));
        cluster.JobSet.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec.Containers[0].VolumeMounts =
            [new k8s.Models.V1VolumeMount { Name = "data", MountPath = "/data" }];

        var plan = cluster.Step();
        var again = cluster.Plan();

        Assert.Multiple(() =>
        {
            Assert.That(Types(plan), Does.Contain("Create PersistentVolumeClaim data-solo"));
            Assert.That(cluster.Claims.Single().Metadata.OwnerReferences, Is.Null);
            Assert.That(cluster.Job("solo-rj-0").Spec.Template.Spec.Volumes.Single().PersistentVolumeClaim.ClaimName, Is.EqualTo("data-solo"));
            Assert.That(again.DocumentActions(), Is.Empty);
        });
        Match(plan);
    }

    [Test]
    public void Node_selector_strategy_pins_each_job_to_its_labelled_nodes()
    {
        var yaml = Manifests.Single(replicas: 1).Replace(
            "  namespace: default\n",
            "  namespace: default\n  annotations:\n    alpha.jobset.sigs.k8s.io/exclusive-topology: cloud.google.com/gke-nodepool\n    alpha.jobset.sigs.k8s.io/node-selector: \"true\"\n",
            StringComparison.Ordinal);
        var cluster = new Cluster(yaml);

        var plan = cluster.Step();

        var pod = cluster.Job("solo-rj-0").Spec.Template.Spec;
        Assert.Multiple(() =>
        {
            Assert.That(pod.NodeSelector[WellKnownKeys.NamespacedJob], Is.EqualTo("default_solo-rj-0"));
            Assert.That(pod.Tolerations.Single().Key, Is.EqualTo(WellKnownKeys.NoScheduleTaint));
        });
        Match(plan);
    }

    [Test]
    public void Elastic_jobset_updates_active_jobs_to_the_new_size()
    {
        var cluster = new Cluster(Manifests.Single(replicas: 1)) { Gates = new FeatureGates(ElasticJobSet: true) };
        cluster.Step();
        cluster.JobSet.Spec.ReplicatedJobs![0].Template.Spec.Parallelism = 4;
        cluster.JobSet.Spec.ReplicatedJobs![0].Template.Spec.Completions = 4;

        var plan = cluster.Step();

        Assert.That(cluster.Job("solo-rj-0").Spec.Parallelism, Is.EqualTo(4));
        Match(plan);
    }

    [Test]
    public void Jobset_managed_by_another_controller_is_skipped()
    {
        var cluster = new Cluster(Manifests.Single("managedBy: kueue.x-k8s.io/multikueue"));

        var plan = cluster.Plan();

        Assert.That((plan.Skipped(), plan.DocumentActions().Count), Is.EqualTo(("ManagedByExternalController", 0)));
        Match(plan);
    }

    [Test]
    public void Jobset_being_deleted_is_skipped()
    {
        var cluster = new Cluster(Manifests.Single());
        cluster.JobSet.Metadata.DeletionTimestamp = Cluster.T0.UtcDateTime;
        cluster.JobSet.Spec.ManagedBy = "kueue.x-k8s.io/multikueue";

        var plan = cluster.Plan();

        Assert.That((plan.Skipped(), plan.DocumentActions().Count, plan.StatusChanged), Is.EqualTo(("Deleting", 0, false)));
    }

    [Test]
    public void Jobset_managed_by_this_controller_is_reconciled()
    {
        var cluster = new Cluster(Manifests.Single("managedBy: jobset.sigs.k8s.io/jobset-controller"));

        var plan = cluster.Plan();

        Assert.That((plan.Skipped(), plan.DocumentActions().Count(a => a.Type == "Create")), Is.EqualTo(("", 3)));
    }

    [Test]
    public void Child_job_with_a_malformed_restart_label_stops_with_an_error()
    {
        var cluster = new Cluster(Manifests.Single(replicas: 1));
        cluster.Step();
        cluster.Job("solo-rj-0").Metadata.Labels[WellKnownKeys.RestartAttempt] = "one";

        var plan = cluster.Plan();

        Assert.That(plan!.Error(), Is.EqualTo("job solo-rj-0: invalid value for label jobset.sigs.k8s.io/restart-attempt: \"one\", must be integer"));
        Match(plan);
    }
}
