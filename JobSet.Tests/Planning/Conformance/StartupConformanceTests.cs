using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;
using static JobSet.Tests.Planning.Conformance.ConformanceFixture;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>The InOrder startup policy checked against upstream's startup_policy_test.go and its integration cases.</summary>
public class StartupConformanceTests
{
    // Mirrors TestInOrderStartupPolicy.
    [TestCase("startupPolicy: {startupPolicyOrder: AnyOrder}", false)]
    [TestCase("startupPolicy: {startupPolicyOrder: InOrder}", true)]
    [TestCase("", false)]
    public void In_order_only_for_the_in_order_policy(string specFields, bool expected)
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 1), specFields);
        if (specFields.Length == 0)
        {
            jobSet.Spec.StartupPolicy = null;
        }

        Assert.That(StartupPolicyStep.InOrder(jobSet), Is.EqualTo(expected));
    }

    // Mirrors TestReplicatedJobStarted (and the nil status, which upstream never passes).
    [TestCase(1, 0, 0, 0, 0, false, TestName = "replicas 1; no replicatedJobStatus")]
    [TestCase(4, 4, 0, 0, 0, true, TestName = "replicas 4; replicatedJobStatus all ready")]
    [TestCase(4, 2, 1, 1, 0, true, TestName = "replicas 4; replicatedJobStatus mix of ready, failed and succeeded")]
    [TestCase(4, 0, 0, 0, 4, false, TestName = "replicas 4; replicatedJobStatus all active")]
    public void All_replicas_started_counts_ready_succeeded_and_failed(int replicas, int ready, int succeeded, int failed, int active, bool expected)
    {
        var status = new V1alpha2ReplicatedJobStatus { Name = "test", Ready = ready, Succeeded = succeeded, Failed = failed, Active = active };

        Assert.Multiple(() =>
        {
            Assert.That(StartupPolicyStep.AllReplicasStarted(replicas, status), Is.EqualTo(expected));
            Assert.That(StartupPolicyStep.AllReplicasStarted(replicas, null), Is.False);
        });
    }

    // Mirrors the integration case "startupPolicy InOrder; replicated-job-a not ready then
    // replicated-job-b should not run": one ReplicatedJob at a time, InProgress until the last one
    // has started, then Completed (and InProgress False).
    [Test]
    public void In_order_creates_the_next_replicated_job_once_the_previous_is_ready()
    {
        var cluster = new Cluster(MakeJobSet(ReplicatedJob("replicated-job-a", 1) + "\n" + ReplicatedJob("replicated-job-b", 3), "startupPolicy: {startupPolicyOrder: InOrder}"));

        var first = cluster.Step();
        var waiting = cluster.Step(Cluster.T0.AddSeconds(1));
        cluster.Ready("test-jobset-replicated-job-a-0");
        var second = cluster.Step(Cluster.T0.AddSeconds(2));
        foreach (var job in cluster.Jobs.Where(j => j.Metadata.Name.Contains("-b-", StringComparison.Ordinal)))
        {
            job.Status = new V1JobStatus { Active = 1 };
        }

        var activeOnly = cluster.Step(Cluster.T0.AddSeconds(3));
        cluster.AllReady();
        var done = cluster.Step(Cluster.T0.AddSeconds(4));

        Assert.Multiple(() =>
        {
            Assert.That(Created<V1Job>(first).Select(j => j.Metadata.Name), Is.EqualTo(new[] { "test-jobset-replicated-job-a-0" }));
            Assert.That(Conditions(first), Is.EqualTo(new[] { "StartupPolicyInProgress=True" }));
            Assert.That(first.Events.Select(e => e.Reason), Is.EqualTo(new[] { Reasons.InOrderStartupPolicyInProgress }));
            Assert.That(Created<V1Job>(waiting), Is.Empty);
            Assert.That(Created<V1Job>(second).Select(j => j.Metadata.Name), Is.EqualTo(new[] { "test-jobset-replicated-job-b-0", "test-jobset-replicated-job-b-1", "test-jobset-replicated-job-b-2" }));
            Assert.That(Conditions(activeOnly), Is.EqualTo(new[] { "StartupPolicyInProgress=True" }));
            Assert.That(activeOnly.Status.ReplicatedJobsStatus!.Select(s => $"{s.Name} r{s.Ready} a{s.Active}"), Is.EqualTo(new[] { "replicated-job-b r0 a3", "replicated-job-a r1 a1" }));
            Assert.That(Conditions(done), Is.EqualTo(new[] { "StartupPolicyInProgress=False", "StartupPolicyCompleted=True" }));
            Assert.That(done.Events.Select(e => e.Reason), Does.Contain(Reasons.InOrderStartupPolicyCompleted));
        });
    }

    // Mirrors the integration case "startupPolicy with InOrder; suspend should keep jobs suspended":
    // a suspended JobSet creates every Job (suspended) and sets no startup condition.
    [Test]
    public void Suspended_in_order_jobset_creates_all_jobs_suspended_without_startup_conditions()
    {
        var cluster = new Cluster(MakeJobSet(ReplicatedJob("replicated-job-a", 1) + "\n" + ReplicatedJob("replicated-job-b", 3), "suspend: true\nstartupPolicy: {startupPolicyOrder: InOrder}"));

        var first = cluster.Step();
        var second = cluster.Step(Cluster.T0.AddSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(Created<V1Job>(first).Select(j => j.Spec.Suspend), Is.EqualTo(new bool?[] { true, true, true, true }));
            Assert.That(Conditions(first), Is.EqualTo(new[] { "Suspended=True" }));
            Assert.That(second.Status.ReplicatedJobsStatus!.Select(s => $"{s.Name} z{s.Suspended}"), Is.EqualTo(new[] { "replicated-job-b z3", "replicated-job-a z1" }));
        });
    }

    private static IEnumerable<string> Conditions(ReconcilePlan plan) => (plan.Status.Conditions ?? []).Select(c => $"{c.Type}={c.Status}");
}
