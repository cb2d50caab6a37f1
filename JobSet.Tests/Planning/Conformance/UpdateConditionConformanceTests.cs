using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>Condition transitions checked against upstream's TestUpdateConditions and setCondition.</summary>
public class UpdateConditionConformanceTests
{
    private static readonly DateTime Before = new(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1Condition Condition(string type, string status, string reason, string message) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = Cluster.T0.UtcDateTime };

    public static IEnumerable<TestCaseData> Cases()
    {
        var completed = Condition(JobSetConditionType.Completed, "True", Reasons.AllJobsCompleted, Messages.AllJobsCompleted);
        var suspended = Condition(JobSetConditionType.Suspended, "True", Reasons.JobSetSuspended, Messages.JobSetSuspended);
        var resumed = Condition(JobSetConditionType.Suspended, "False", Reasons.JobSetResumed, Messages.JobSetResumed);
        yield return new TestCaseData(null, null, false, false).SetName("no existing conditions, not adding conditions");
        yield return new TestCaseData(null, completed, true, true).SetName("no existing conditions, add a condition");
        yield return new TestCaseData(null, suspended, true, true).SetName("suspended");
        yield return new TestCaseData(suspended, resumed, true, true).SetName("resume (update suspended condition type in-place)");
        yield return new TestCaseData(completed, completed, false, false).SetName("existing conditions, attempt to add duplicate");
        yield return new TestCaseData(
            Condition(JobSetConditionType.Restarting, "True", Reasons.RestartingDefaultFailurePolicy, "old message"),
            Condition(JobSetConditionType.Restarting, "True", "NewReason", "new message"),
            true,
            false).SetName("existing conditions, update reason/message but keep status same");
    }

    // Mirrors TestUpdateConditions: whether an update is needed, and that the transition time moves
    // only when the status changes.
    [TestCaseSource(nameof(Cases))]
    public void Update_reports_a_change_and_keeps_the_transition_time_unless_the_status_changes(V1Condition? existing, V1Condition? set, bool expectUpdate, bool expectNewTime)
    {
        var status = new V1alpha2JobSetStatus();
        if (existing is not null)
        {
            status.Conditions = [new V1Condition { Type = existing.Type, Status = existing.Status, Reason = existing.Reason, Message = existing.Message, LastTransitionTime = Before }];
        }

        var changed = set is not null && Conditions.Update(status, set);

        Assert.That(changed, Is.EqualTo(expectUpdate));
        if (set is not null && expectUpdate)
        {
            var now = status.Conditions!.Single(c => c.Type == set.Type);
            Assert.Multiple(() =>
            {
                Assert.That((now.Status, now.Reason, now.Message), Is.EqualTo((set.Status, set.Reason, set.Message)));
                Assert.That(now.LastTransitionTime, Is.EqualTo(expectNewTime ? set.LastTransitionTime : Before));
            });
        }
    }

    // Mirrors setCondition: a change queues exactly one event with the condition's reason and message
    // and marks the status for writing; no change queues nothing.
    [TestCase(false, 1)]
    [TestCase(true, 0)]
    public void Set_queues_an_event_only_on_change(bool alreadySuspended, int events)
    {
        var jobSet = ConformanceFixture.MakeJobSet(ConformanceFixture.ReplicatedJob("rj", 1));
        jobSet.Status = alreadySuspended
            ? new V1alpha2JobSetStatus { Conditions = [new V1Condition { Type = JobSetConditionType.Suspended, Status = "True", Reason = Reasons.JobSetSuspended, Message = Messages.JobSetSuspended, LastTransitionTime = Before }] }
            : new V1alpha2JobSetStatus();
        var context = new ReconcileContext(jobSet, Cluster.T0, FeatureGates.Default);

        Conditions.Set(context, JobSetConditionType.Suspended, true, Reasons.JobSetSuspended, Messages.JobSetSuspended, EventType.Normal);

        Assert.Multiple(() =>
        {
            Assert.That(context.Events.Select(e => (e.Type, e.Reason, e.Message)), Is.EqualTo(Enumerable.Repeat((EventType.Normal, Reasons.JobSetSuspended, Messages.JobSetSuspended), events)));
            Assert.That(context.StatusChanged, Is.EqualTo(events > 0));
        });
    }
}
