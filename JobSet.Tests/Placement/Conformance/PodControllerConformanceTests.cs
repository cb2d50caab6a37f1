using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Placement;
using k8s.Models;

namespace JobSet.Tests.Placement.Conformance;

/// <summary>
/// Placement-violation detection against upstream's pkg/controllers/pod_controller_test.go
/// (TestValidatePodPlacements, TestReconcileDeletesMismatchedFollowerPods, TestDeleteFollowerPods,
/// TestListPodsForJob). Upstream's cases that inject API errors (a failing node read, a failing
/// status update or delete) have no counterpart: detection here is pure and returns actions;
/// carrying them out, and retrying, is the adapter's job.
/// </summary>
public class PodControllerConformanceTests
{
    private const string TopologyKey = "test-node-topologyKey";
    private const string NodeName = "test-node";
    private const string JobKey = "job-key-of-test-job-0";
    private const string JobUid = "job-uid-1";
    private const string LeaderName = "test-jobset-replicated-job-1-test-job-0-0";
    private const string FollowerName = "test-jobset-replicated-job-1-test-job-0-1";
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 6, 0, 0, TimeSpan.Zero);

    private static IEnumerable<TestCaseData> Placements()
    {
        // TestValidatePodPlacements / "topology node label not found": an error, no deletion.
        yield return Case("leader node without the topology label", Selecting("topologyDomain"), LabelledNode(null), "undecided: node does not have topology label: test-node-topologyKey");

        // TestValidatePodPlacements / "valid pod placements".
        yield return Case("follower selects the leader's domain", Selecting("topologyDomain"), LabelledNode("topologyDomain"), "satisfied");

        // TestValidatePodPlacements / "follower pod nodeSelector is nil".
        yield return Case("follower without nodeSelector", f => f.Spec.NodeSelector = null, LabelledNode("topologyDomain"), "violated");

        // TestValidatePodPlacements / "follower pod nodeSelector is empty".
        yield return Case("follower with an empty nodeSelector", f => f.Spec.NodeSelector = new Dictionary<string, string>(), LabelledNode("topologyDomain"), "violated");

        // TestValidatePodPlacements / "followerTopology != leaderTopology".
        yield return Case("follower selects another domain", Selecting("topologyDomain1"), LabelledNode("topologyDomain"), "violated");

        // TestValidatePodPlacements / "leader topology unknown retries instead of deleting followers".
        yield return Case("leader node not found", Selecting("topologyDomain"), [], "undecided: leader topology is unknown (node not found)");
    }

    [TestCaseSource(nameof(Placements))]
    public void Validates_placements(Action<V1Pod> changeFollower, V1Node[] nodes, string expected)
    {
        var follower = Member(FollowerName, "1");
        changeFollower(follower);
        var leader = Leader();

        var check = PlacementViolation.Detect(leader, PlacementIndex.Build([leader, follower], nodes), Now);

        Assert.That(Verdict(check), Is.EqualTo(expected));
    }

    // TestReconcileDeletesMismatchedFollowerPods: the follower in the wrong domain is marked,
    // then deleted; the leader is neither.
    [Test]
    public void Mismatched_follower_is_marked_then_deleted()
    {
        var follower = Member(FollowerName, "1");
        follower.Spec.NodeSelector = new Dictionary<string, string> { [TopologyKey] = "wrong-topology" };
        var leader = Leader();

        var check = PlacementViolation.Detect(leader, PlacementIndex.Build([leader, follower], LabelledNode("expected-topology")), Now);

        Assert.That(check.Actions.Select(Describe), Is.EqualTo(new[] { $"mark {FollowerName}", $"delete {FollowerName}" }));
        var mark = check.Actions[0].AsT0;
        Assert.That(mark.Condition.Type, Is.EqualTo("DisruptionTarget"));
        Assert.That(mark.Condition.Status, Is.EqualTo("True"));
        Assert.That(mark.Condition.Reason, Is.EqualTo("ExclusivePlacementViolation"));
        Assert.That(check.Actions[1].AsT1.PropagationPolicy, Is.EqualTo("Background"));
    }

    // TestDeleteFollowerPods / "delete follower pods", "... with pod conditions status is false",
    // and the already-marked follower of "... with delete error": the status is only written when
    // the condition is missing or has another status; the follower is deleted in every case.
    [TestCase(null, new[] { "mark", "delete" }, TestName = "Delete followers: no condition yet")]
    [TestCase("False", new[] { "mark", "delete" }, TestName = "Delete followers: condition False is turned True")]
    [TestCase("True", new[] { "delete" }, TestName = "Delete followers: already marked")]
    public void Followers_are_deleted_with_the_condition_set_once(string? existingStatus, string[] expected)
    {
        var follower = Member(FollowerName, "1");
        if (existingStatus is not null)
        {
            follower.Status = new V1PodStatus
            {
                Conditions = [new V1PodCondition { Type = "DisruptionTarget", Status = existingStatus, Reason = "ExclusivePlacementViolation" }],
            };
        }

        var leader = Leader();

        var check = PlacementViolation.Detect(leader, PlacementIndex.Build([leader, follower], LabelledNode("topologyDomain")), Now);

        Assert.That(check.Actions.Select(a => Describe(a).Split(' ')[0]), Is.EqualTo(expected));
        Assert.That(check.Actions.Select(a => a.PodName), Has.All.EqualTo(FollowerName));
        if (expected[0] == "mark")
        {
            Assert.That(check.Actions[0].AsT0.Pod.Status.Conditions.Single(c => c.Type == "DisruptionTarget").Status, Is.EqualTo("True"));
        }
    }

    // TestListPodsForJob / "all legitimate pods" and "with inconsistent and unowned pods": pods
    // with the job-key but another controller, or none, are neither judged nor deleted.
    [Test]
    public void Pods_of_another_owner_or_none_are_ignored()
    {
        var leader = Leader();
        var follower = Member(FollowerName, "1");
        follower.Spec.NodeSelector = new Dictionary<string, string> { [TopologyKey] = "topologyDomain" };
        var inconsistent = Member("inconsistent-pod", "2", owner: "job-uid-2");
        var unowned = Member("unowned-pod", "3", owner: null);
        var index = PlacementIndex.Build([leader, follower, inconsistent, unowned], LabelledNode("topologyDomain"));

        Assert.That(Verdict(PlacementViolation.Detect(leader, index, Now)), Is.EqualTo("satisfied"));

        follower.Spec.NodeSelector = null;
        var violated = PlacementViolation.Detect(leader, PlacementIndex.Build([leader, follower, inconsistent, unowned], LabelledNode("topologyDomain")), Now);
        Assert.That(violated.Actions.Select(a => a.PodName).Distinct(), Is.EqualTo(new[] { FollowerName }));
    }

    // pod_controller.go's predicate: only scheduled, live leaders using exclusive placement are reconciled.
    [TestCase("follower", TestName = "Pod controller skips: a follower")]
    [TestCase("unscheduled", TestName = "Pod controller skips: an unscheduled leader")]
    [TestCase("deleted", TestName = "Pod controller skips: a leader being deleted")]
    [TestCase("not exclusive", TestName = "Pod controller skips: a leader without exclusive placement")]
    public void Only_scheduled_live_exclusive_leaders_are_checked(string what)
    {
        var pod = Leader();
        switch (what)
        {
            case "follower": pod.Metadata.Annotations[WellKnownKeys.JobCompletionIndex] = "1"; break;
            case "unscheduled": pod.Spec.NodeName = null; break;
            case "deleted": pod.Metadata.DeletionTimestamp = Now.UtcDateTime; break;
            default: pod.Metadata.Annotations.Remove(WellKnownKeys.ExclusiveTopology); break;
        }

        var check = PlacementViolation.Detect(pod, PlacementIndex.Build([pod, Member(FollowerName, "1")], LabelledNode("topologyDomain")), Now);

        Assert.That(Verdict(check), Is.EqualTo("not applicable"));
    }

    // pod_controller.go Reconcile: a leader without job-key or controller owner is an error, not a deletion.
    [TestCase(true, "undecided: job key label not found on leader pod: \"" + LeaderName + "\"", TestName = "Pod controller errs: leader without job-key")]
    [TestCase(false, "undecided: leader pod \"" + LeaderName + "\" has no controller owner", TestName = "Pod controller errs: leader without owner")]
    public void Leader_without_job_key_or_owner_is_an_error(bool dropJobKey, string expected)
    {
        var leader = Leader();
        if (dropJobKey)
        {
            leader.Metadata.Labels.Remove(WellKnownKeys.JobKey);
        }
        else
        {
            leader.Metadata.OwnerReferences = null;
        }

        var check = PlacementViolation.Detect(leader, PlacementIndex.Build([leader, Member(FollowerName, "1")], LabelledNode("topologyDomain")), Now);

        Assert.That(Verdict(check), Is.EqualTo(expected));
    }

    private static V1Pod Leader()
    {
        var leader = Member(LeaderName, "0");
        leader.Spec.NodeName = NodeName;
        return leader;
    }

    /// <summary>upstream's makePod: a pod of Job test-job-0 with its job-key label, exclusive per <see cref="TopologyKey"/>.</summary>
    private static V1Pod Member(string name, string completionIndex, string? owner = JobUid) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Labels = new Dictionary<string, string>
            {
                [WellKnownKeys.JobSetName] = "test-jobset",
                [WellKnownKeys.ReplicatedJobName] = "replicated-job-1",
                [WellKnownKeys.JobIndex] = "0",
                [WellKnownKeys.JobKey] = JobKey,
            },
            Annotations = new Dictionary<string, string>
            {
                [WellKnownKeys.JobSetName] = "test-jobset",
                [WellKnownKeys.ExclusiveTopology] = TopologyKey,
                [WellKnownKeys.JobCompletionIndex] = completionIndex,
            },
            OwnerReferences = owner is null ? null : [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "test-jobset-replicated-job-1-test-job-0", Uid = owner, Controller = true }],
        },
        Spec = new V1PodSpec(),
    };

    private static V1Node[] LabelledNode(string? domain) =>
    [
        new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = NodeName,
                Labels = domain is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [TopologyKey] = domain },
            },
        },
    ];

    private static Action<V1Pod> Selecting(string domain) => f => f.Spec.NodeSelector = new Dictionary<string, string> { [TopologyKey] = domain };

    private static string Verdict(PlacementCheck check) => check.Match(
        _ => "not applicable",
        _ => "satisfied",
        _ => "violated",
        undecided => "undecided: " + undecided.Message);

    private static string Describe(PodAction action) => action.Match(mark => $"mark {mark.Pod.Metadata.Name}", delete => $"delete {delete.Name}");

    private static TestCaseData Case(string name, Action<V1Pod> changeFollower, V1Node[] nodes, string expected) =>
        new TestCaseData(changeFollower, nodes, expected).SetName($"Pod placements: {name}");
}
