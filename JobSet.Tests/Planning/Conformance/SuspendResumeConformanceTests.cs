using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;
using static JobSet.Tests.Planning.Conformance.ConformanceFixture;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// Suspend and resume checked against upstream's suspendJobs/resumeJobsIfNecessary/resumeJob and
/// the integration cases "jobset created in suspended state", "resume a suspended jobset",
/// "suspend a running jobset" and the startup-policy resume cases.
/// </summary>
public class SuspendResumeConformanceTests
{
    private static string TwoReplicatedJobs(string podSpecExtra = "") =>
        ReplicatedJob("replicated-job-a", 1, podLabels: "{team: a}", podAnnotations: "{note: a}", podSpecExtra: podSpecExtra) + "\n" + ReplicatedJob("replicated-job-b", 3);

    // Mirrors "jobset created in suspended state".
    [Test]
    public void Jobset_created_suspended_makes_suspended_jobs_and_reports_them()
    {
        var cluster = new Cluster(MakeJobSet(TwoReplicatedJobs(), "suspend: true"));

        var first = cluster.Step();
        var second = cluster.Step(Cluster.T0.AddSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Jobs.Select(j => j.Spec.Suspend), Has.All.True);
            Assert.That(cluster.Jobs, Has.Count.EqualTo(4));
            var suspended = first.Status.Conditions!.Single();
            Assert.That((suspended.Type, suspended.Status, suspended.Reason, suspended.Message), Is.EqualTo((JobSetConditionType.Suspended, "True", Reasons.JobSetSuspended, Messages.JobSetSuspended)));
            Assert.That(first.Events.Select(e => (e.Type, e.Reason)), Is.EqualTo(new[] { (EventType.Normal, Reasons.JobSetSuspended) }));
            Assert.That(second.Status.ReplicatedJobsStatus!.Select(s => $"{s.Name} z{s.Suspended}"), Is.EqualTo(new[] { "replicated-job-b z3", "replicated-job-a z1" }));
            // Nothing else changes on a further reconcile.
            Assert.That(cluster.Plan(Cluster.T0.AddSeconds(2)).Actions, Is.Empty);
        });
    }

    // Mirrors "suspend a running jobset": active Jobs are suspended (finished ones are not touched),
    // a Restarting condition that does not exist is not added False.
    [Test]
    public void Suspending_a_running_jobset_suspends_only_its_running_jobs()
    {
        var cluster = new Cluster(MakeJobSet(TwoReplicatedJobs()));
        cluster.Step();
        cluster.Succeed("test-jobset-replicated-job-b-2");
        cluster.JobSet.Spec.Suspend = true;

        var plan = cluster.Step(Cluster.T0.AddSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(Updated<V1Job>(plan).Select(j => (j.Metadata.Name, j.Spec.Suspend)), Is.EqualTo(new (string, bool?)[]
            {
                ("test-jobset-replicated-job-a-0", true), ("test-jobset-replicated-job-b-0", true), ("test-jobset-replicated-job-b-1", true),
            }));
            Assert.That(plan.Status.Conditions!.Select(c => $"{c.Type}={c.Status}"), Is.EqualTo(new[] { "Suspended=True" }));
        });
    }

    // Mirrors "resume a suspended jobset" and resumeJob: a started Job gets its startTime cleared by a
    // status write first, then the update that unsuspends it carries the ReplicatedJob's current pod
    // labels and annotations merged over the Job's (keys others added are kept, the template wins).
    [Test]
    public void Resume_clears_start_time_first_and_merges_template_labels_and_annotations()
    {
        var cluster = new Cluster(MakeJobSet(TwoReplicatedJobs(), "suspend: true"));
        cluster.Step();
        var job = cluster.Job("test-jobset-replicated-job-a-0");
        job.Status = new V1JobStatus { StartTime = Cluster.T0.UtcDateTime };
        job.Spec.Template.Metadata.Labels["added-by-kueue"] = "x";
        job.Spec.Template.Metadata.Labels["team"] = "stale";
        var template = cluster.JobSet.Spec.ReplicatedJobs![0].Template.Spec.Template.Metadata;
        template.Labels["team"] = "fresh";
        template.Annotations["new-note"] = "n";
        cluster.JobSet.Spec.Suspend = false;

        var plan = cluster.Step(Cluster.T0.AddSeconds(1));

        var forA = plan.DocumentActions().Where(a => a.Resource.Metadata.Name == "test-jobset-replicated-job-a-0").ToList();
        Assert.That(forA.Select(a => a.Type), Is.EqualTo(new[] { PlanActionType.UpdateStatus, PlanActionType.Update }));
        var statusWrite = (V1Job)forA[0].Resource;
        var update = (V1Job)forA[1].Resource;
        Assert.Multiple(() =>
        {
            Assert.That(statusWrite.Status.StartTime, Is.Null);
            Assert.That(statusWrite.Spec.Suspend, Is.True);
            Assert.That(update.Spec.Suspend, Is.False);
            Assert.That(update.Spec.Template.Metadata.Labels["team"], Is.EqualTo("fresh"));
            Assert.That(update.Spec.Template.Metadata.Labels["added-by-kueue"], Is.EqualTo("x"));
            Assert.That(update.Spec.Template.Metadata.Labels[WellKnownKeys.JobSetName], Is.EqualTo(Name));
            Assert.That(update.Spec.Template.Metadata.Annotations, Contains.Key("new-note").And.ContainKey("note"));
            // Jobs that never started get no status write.
            Assert.That(plan.DocumentActions().Count(a => a.Type == PlanActionType.UpdateStatus && a.Resource is V1Job), Is.EqualTo(1));
            Assert.That(Updated<V1Job>(plan).Select(j => j.Metadata.Name), Is.EqualTo(new[]
            {
                "test-jobset-replicated-job-a-0", "test-jobset-replicated-job-b-0", "test-jobset-replicated-job-b-1", "test-jobset-replicated-job-b-2",
            }));
            var suspended = plan.Status.Conditions!.Single(c => c.Type == JobSetConditionType.Suspended);
            Assert.That((suspended.Status, suspended.Reason, suspended.Message), Is.EqualTo(("False", Reasons.JobSetResumed, Messages.JobSetResumed)));
            Assert.That(plan.Events.Select(e => e.Reason), Does.Contain(Reasons.JobSetResumed));
        });
    }

    // The documented deviation (upstream merges them, PR 1294): on resume nodeSelector, tolerations
    // and schedulingGates become exactly the ReplicatedJob's current ones plus what the JobSet
    // injects, so a previous admission's flavor selectors do not linger.
    [Test]
    public void Resume_sets_scheduling_directives_to_the_current_template()
    {
        var cluster = new Cluster(MakeJobSet(
            TwoReplicatedJobs(),
            "suspend: true",
            annotations: $"{{{WellKnownKeys.ExclusiveTopology}: rack, {WellKnownKeys.NodeSelectorStrategy}: 'true'}}"));
        cluster.Step();
        var podSpec = cluster.Job("test-jobset-replicated-job-a-0").Spec.Template.Spec;
        podSpec.NodeSelector["old-flavor"] = "spot";
        podSpec.Tolerations.Add(new V1Toleration { Key = "old-flavor", OperatorProperty = "Exists" });
        podSpec.SchedulingGates = [new V1PodSchedulingGate { Name = "old-gate" }];
        var template = cluster.JobSet.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec;
        template.NodeSelector = new Dictionary<string, string> { ["new-flavor"] = "on-demand" };
        template.Tolerations = [new V1Toleration { Key = "new-flavor", OperatorProperty = "Exists" }];
        cluster.JobSet.Spec.Suspend = false;

        var plan = cluster.Step(Cluster.T0.AddSeconds(1));

        var resumed = Updated<V1Job>(plan).Single(j => j.Metadata.Name == "test-jobset-replicated-job-a-0").Spec.Template.Spec;
        Assert.Multiple(() =>
        {
            Assert.That(resumed.NodeSelector, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["new-flavor"] = "on-demand",
                [WellKnownKeys.NamespacedJob] = "default_test-jobset-replicated-job-a-0",
            }));
            Assert.That(resumed.Tolerations.Select(t => t.Key), Is.EqualTo(new[] { "new-flavor", WellKnownKeys.NoScheduleTaint }));
            Assert.That(resumed.SchedulingGates, Is.Null.Or.Empty);
        });
    }

    // Mirrors resumeJobsIfNecessary: a JobSet that never was suspended gets no Suspended=False
    // condition (a False condition is not added when absent) and no Job updates.
    [Test]
    public void Running_jobset_never_suspended_gets_no_suspended_condition()
    {
        var cluster = new Cluster(MakeJobSet(TwoReplicatedJobs()));
        cluster.Step();

        var plan = cluster.Step(Cluster.T0.AddSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(plan.Status.Conditions ?? [], Is.Empty);
            Assert.That(Updated<V1Job>(plan), Is.Empty);
        });
    }

    // Mirrors "startupPolicy with AnyOrder; resume suspended JobSet" and "startupPolicy with InOrder;
    // resume suspended JobSet": AnyOrder resumes everything at once, InOrder one ReplicatedJob at a time.
    [TestCase("AnyOrder", new[] { "replicated-job-a", "replicated-job-b", "replicated-job-b", "replicated-job-b" })]
    [TestCase("InOrder", new[] { "replicated-job-a" })]
    public void Resume_follows_the_startup_policy(string order, string[] resumedFirst)
    {
        var cluster = new Cluster(MakeJobSet(TwoReplicatedJobs(), $"suspend: true\nstartupPolicy: {{startupPolicyOrder: {order}}}"));
        cluster.Step();
        cluster.Step(Cluster.T0.AddSeconds(1));
        cluster.JobSet.Spec.Suspend = false;

        var first = cluster.Step(Cluster.T0.AddSeconds(2));
        cluster.Ready("test-jobset-replicated-job-a-0");
        var second = cluster.Step(Cluster.T0.AddSeconds(3));
        cluster.AllReady();
        var third = cluster.Step(Cluster.T0.AddSeconds(4));

        Assert.Multiple(() =>
        {
            Assert.That(Updated<V1Job>(first).Select(j => j.Metadata.Labels[WellKnownKeys.ReplicatedJobName]), Is.EqualTo(resumedFirst));
            Assert.That(cluster.Jobs.Select(j => j.Spec.Suspend), Has.All.False);
            if (order == "InOrder")
            {
                Assert.That(Updated<V1Job>(second), Has.Count.EqualTo(3));
                Assert.That(third.Status.Conditions!.Select(c => $"{c.Type}={c.Status}"), Is.EquivalentTo(new[] { "Suspended=False", "StartupPolicyInProgress=False", "StartupPolicyCompleted=True" }));
            }
            else
            {
                Assert.That(third.Status.Conditions!.Select(c => $"{c.Type}={c.Status}"), Is.EqualTo(new[] { "Suspended=False" }));
            }
        });
    }
}
