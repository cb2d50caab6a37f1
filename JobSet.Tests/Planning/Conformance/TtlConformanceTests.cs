using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>ttlSecondsAfterFinished against upstream's pkg/controllers/ttl_after_finished_test.go.</summary>
public class TtlConformanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // Mirrors TestExecuteTTLAfterFinishedPolicy, TestTimeLeft, TestRequeueJobSetAfter and the
    // expired/not-expired rows of TestCheckIfTTLExpired: finished
    // condition (or none), seconds since it, TTL -> delete / requeue seconds / nothing / error.
    [TestCase(null, 0, null, ExpectedResult = "nothing", TestName = "ttl: not finished, not set")]
    [TestCase(null, 0, 5, ExpectedResult = "error: unable to find the status of the finished JobSet default/test-jobset", TestName = "ttl: not finished, 5s")]
    [TestCase("Completed", 0, null, ExpectedResult = "nothing", TestName = "ttl: completed now, not set")]
    [TestCase("Completed", 10, 5, ExpectedResult = "delete", TestName = "ttl: completed 10s ago, 5s")]
    [TestCase("Completed", 2, 5, ExpectedResult = "requeue 3", TestName = "ttl: completed 2s ago, 5s")]
    [TestCase("Completed", 0, 0, ExpectedResult = "delete", TestName = "ttl: completed now, 0s")]
    [TestCase("Completed", 0, 10, ExpectedResult = "requeue 10", TestName = "ttl: completed now, 10s")]
    [TestCase("Completed", 10, 15, ExpectedResult = "requeue 5", TestName = "ttl: completed 10s ago, 15s")]
    [TestCase("Failed", 0, 0, ExpectedResult = "delete", TestName = "ttl: failed now, 0s")]
    [TestCase("Failed", 0, 10, ExpectedResult = "requeue 10", TestName = "ttl: failed now, 10s")]
    [TestCase("Failed", 10, 15, ExpectedResult = "requeue 5", TestName = "ttl: failed 10s ago, 15s")]
    [TestCase("Completed", -5, 10, ExpectedResult = "requeue 15", TestName = "ttl: finished in the future (clock skew) waits the longer")]
    public string Ttl_after_finished(string? finished, int secondsAgo, int? ttl)
    {
        var jobSet = JobSet(ttl, finished is null ? [] : [Condition(finished, Now.AddSeconds(-secondsAgo).UtcDateTime)]);
        var context = new ReconcileContext(jobSet, Now, FeatureGates.Default);

        var error = TtlAfterFinishedStep.Execute(context);

        return error is not null ? $"error: {error}"
            : context.Actions.SingleOrDefault() is { Type: "Delete" } delete && delete.Resource == jobSet ? "delete"
            : context.RequeueAfter is { } after ? $"requeue {after.TotalSeconds}"
            : context.Actions.Count == 0 ? "nothing" : "unexpected";
    }

    // Mirrors the "invalid jobset completion time" row of TestCheckIfTTLExpired.
    [Test]
    public void Finish_time_unset_is_an_error() =>
        Assert.That(
            TtlAfterFinishedStep.Execute(new ReconcileContext(JobSet(10, [new V1Condition { Type = "Completed", Status = "True", Reason = "R", Message = "M" }]), Now, FeatureGates.Default)),
            Is.EqualTo("unable to find the time when the JobSet default/test-jobset finished"));

    // A False Completed condition is not a finish: only True ones count.
    [Test]
    public void False_finished_condition_is_not_a_finish_time() =>
        Assert.That(
            TtlAfterFinishedStep.Execute(new ReconcileContext(JobSet(10, [new V1Condition { Type = "Completed", Status = "False", Reason = "R", Message = "M", LastTransitionTime = Now.UtcDateTime }]), Now, FeatureGates.Default)),
            Does.StartWith("unable to find the status of the finished JobSet"));

    // Mirrors "jobset completed, deletion in progress" of TestCheckIfTTLExpired: a JobSet being deleted is left alone.
    [Test]
    public void Jobset_being_deleted_is_not_deleted_again()
    {
        var jobSet = Cluster.Read(Manifests.Single("ttlSecondsAfterFinished: 0", replicas: 1));
        jobSet.Status = new V1alpha2JobSetStatus { Conditions = [Condition("Completed", Now.AddMinutes(-1).UtcDateTime)] };
        jobSet.Metadata.DeletionTimestamp = Now.UtcDateTime;

        var plan = Planner.Reconcile(jobSet, ObservedState.Empty, Now, FeatureGates.Default);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Skipped(), Is.EqualTo("Deleting"));
            Assert.That(plan.DocumentActions(), Is.Empty);
            Assert.That(plan.RequeueAfter, Is.Null);
        });
    }

    // reconcile: a finished JobSet deletes its active Jobs (foreground), then runs the TTL policy.
    [Test]
    public void Finished_jobset_deletes_active_jobs_then_requeues_for_the_ttl()
    {
        var cluster = new Cluster(Manifests.Single("ttlSecondsAfterFinished: 60\nsuccessPolicy:\n  operator: Any"));
        cluster.Step();
        cluster.Succeed("solo-rj-0");
        cluster.Step(Cluster.T0.AddSeconds(30));

        var plan = cluster.Plan(Cluster.T0.AddSeconds(40));

        Assert.Multiple(() =>
        {
            Assert.That(plan.DocumentActions().Select(a => $"{a.Type} {a.Resource.Metadata.Name}"), Is.EqualTo(new[] { "Delete solo-rj-1" }));
            Assert.That(plan.DocumentActions()[0].Match(_ => "", _ => "", _ => "", d => d.PropagationPolicy), Is.EqualTo("Foreground"));
            Assert.That(plan.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(50)));
        });
    }

    private static V1Condition Condition(string type, DateTime at) =>
        new() { Type = type, Status = "True", Reason = "R", Message = "M", LastTransitionTime = at };

    private static V1alpha2JobSet JobSet(int? ttl, IList<V1Condition> conditions) => new()
    {
        Metadata = new V1ObjectMeta { Name = "test-jobset", NamespaceProperty = "default", Uid = "u" },
        Spec = new V1alpha2JobSetSpec { TtlSecondsAfterFinished = ttl, ReplicatedJobs = [] },
        Status = new V1alpha2JobSetStatus { Conditions = conditions },
    };
}
