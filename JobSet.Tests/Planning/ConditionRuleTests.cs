using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>Upstream's condition transition rules (updateCondition), one row per rule.</summary>
public class ConditionRuleTests
{
    private static readonly DateTime Earlier = new(2025, 12, 31, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1Condition C(string type, string status, string reason = "R", string message = "M", DateTime? at = null) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = at ?? Earlier };

    public static IEnumerable<TestCaseData> Rules()
    {
        yield return new TestCaseData(Array.Empty<V1Condition>(), C("Completed", "True", at: Now), true, new[] { "Completed=True R M @now" })
            .SetName("absent condition set True is added");
        yield return new TestCaseData(Array.Empty<V1Condition>(), C("RestartingJobSet", "False", at: Now), false, Array.Empty<string>())
            .SetName("absent condition set False is not added");
        yield return new TestCaseData(new[] { C("Suspended", "True") }, C("Suspended", "True", at: Now), false, new[] { "Suspended=True R M @earlier" })
            .SetName("identical condition changes nothing");
        yield return new TestCaseData(new[] { C("Suspended", "True") }, C("Suspended", "False", "ResumeJobs", "resumed", Now), true, new[] { "Suspended=False ResumeJobs resumed @now" })
            .SetName("status change replaces it with a new transition time");
        yield return new TestCaseData(new[] { C("RestartingJobSet", "True") }, C("RestartingJobSet", "True", "FailurePolicy_x", "other", Now), true, new[] { "RestartingJobSet=True FailurePolicy_x other @earlier" })
            .SetName("reason or message change keeps the transition time");
        yield return new TestCaseData(new[] { C("StartupPolicyInProgress", "True") }, C("StartupPolicyCompleted", "True", at: Now), true, new[] { "StartupPolicyInProgress=False R M @earlier", "StartupPolicyCompleted=True R M @now" })
            .SetName("completed turns in-progress False");
        yield return new TestCaseData(new[] { C("StartupPolicyCompleted", "True") }, C("StartupPolicyInProgress", "True", at: Now), true, new[] { "StartupPolicyCompleted=False R M @earlier", "StartupPolicyInProgress=True R M @now" })
            .SetName("in-progress turns completed False");
        yield return new TestCaseData(new[] { C("Suspended", "True") }, C("Completed", "True", at: Now), true, new[] { "Suspended=True R M @earlier", "Completed=True R M @now" })
            .SetName("other true conditions are not exclusive");
        yield return new TestCaseData(new[] { C("RestartingJobSet", "True") }, C("RestartingJobSet", "True", "Other", "M", Now), true, new[] { "RestartingJobSet=True Other M @earlier" })
            .SetName("reason change alone replaces it, keeping the transition time");
        yield return new TestCaseData(new[] { C("RestartingJobSet", "True") }, C("RestartingJobSet", "True", "R", "other", Now), true, new[] { "RestartingJobSet=True R other @earlier" })
            .SetName("message change alone replaces it, keeping the transition time");
        yield return new TestCaseData(new[] { C("StartupPolicyInProgress", "True"), C("StartupPolicyCompleted", "True") }, C("StartupPolicyCompleted", "True", at: Now), true, new[] { "StartupPolicyInProgress=False R M @earlier", "StartupPolicyCompleted=True R M @earlier" })
            .SetName("an unchanged condition that turns its exclusive partner False is a change");
        yield return new TestCaseData(new[] { C("StartupPolicyInProgress", "True") }, C("Completed", "True", at: Now), true, new[] { "StartupPolicyInProgress=True R M @earlier", "Completed=True R M @now" })
            .SetName("in-progress is exclusive only with startup completed");
        yield return new TestCaseData(new[] { C("Suspended", "True") }, C("StartupPolicyCompleted", "True", at: Now), true, new[] { "Suspended=True R M @earlier", "StartupPolicyCompleted=True R M @now" })
            .SetName("startup completed is exclusive only with in-progress");
    }

    [TestCaseSource(nameof(Rules))]
    public void Update_follows_upstreams_rules(V1Condition[] existing, V1Condition set, bool expectChanged, string[] expected)
    {
        var status = new V1alpha2JobSetStatus { Conditions = existing.Length == 0 ? null : [.. existing.Select(c => C(c.Type, c.Status, c.Reason, c.Message, c.LastTransitionTime))] };

        var changed = Conditions.Update(status, set);

        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.EqualTo(expectChanged));
            Assert.That(
                (status.Conditions ?? []).Select(c => $"{c.Type}={c.Status} {c.Reason} {c.Message} @{(c.LastTransitionTime == Now ? "now" : "earlier")}"),
                Is.EqualTo(expected));
        });
    }
}
