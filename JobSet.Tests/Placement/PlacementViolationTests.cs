using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Placement;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Tests.Placement;

/// <summary>
/// The pod controller's check of a scheduled leader (upstream pod_controller.go:
/// event filter, validatePodPlacements, deleteFollowerPods and their tests).
/// </summary>
public class PlacementViolationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 6, 0, 0, 123, TimeSpan.Zero);
    private static readonly V1Node[] ZoneA = [TestPods.Node("node-a", "zone-a")];

    private static IEnumerable<TestCaseData> Verdicts()
    {
        TestCaseData Row(string name, V1Pod leader, V1Pod[] followers, V1Node[] nodes, string verdict) =>
            new TestCaseData(leader, followers, nodes).Returns(verdict).SetArgDisplayNames(name);

        yield return Row("follower not a leader", TestPods.Follower().On("node-a"), [], ZoneA, "not applicable");
        yield return Row("leader not scheduled", TestPods.Leader(), [TestPods.Follower()], ZoneA, "not applicable");
        yield return Row("leader being deleted", TestPods.Leader().On("node-a").Deleting(), [TestPods.Follower()], ZoneA, "not applicable");
        yield return Row("leader without exclusive placement", TestPods.Leader().On("node-a").WithoutAnnotation(WellKnownKeys.ExclusiveTopology), [TestPods.Follower()], ZoneA, "not applicable");
        yield return Row("node-selector strategy (deliberately not checked, unlike upstream)",
            TestPods.Leader().On("node-a").WithAnnotation(WellKnownKeys.NodeSelectorStrategy, "true"),
            [TestPods.Follower().WithAnnotation(WellKnownKeys.NodeSelectorStrategy, "true").Selecting(WellKnownKeys.NamespacedJob, "default_js-rjob-0")], ZoneA, "not applicable");
        yield return Row("followers in the leader's zone", TestPods.Leader().On("node-a"),
            [TestPods.Follower(1).Selecting(TestPods.Zone, "zone-a"), TestPods.Follower(2).Selecting(TestPods.Zone, "zone-a")], ZoneA, "satisfied");
        yield return Row("leader alone", TestPods.Leader().On("node-a"), [], ZoneA, "satisfied");
        yield return Row("follower in another zone", TestPods.Leader().On("node-a"),
            [TestPods.Follower(1).Selecting(TestPods.Zone, "zone-a"), TestPods.Follower(2).Selecting(TestPods.Zone, "zone-b")], ZoneA, "violated");
        yield return Row("follower without nodeSelector", TestPods.Leader().On("node-a"), [TestPods.Follower()], ZoneA, "violated");
        yield return Row("follower with an empty nodeSelector", TestPods.Leader().On("node-a"), [TestPods.Follower().WithEmptyNodeSelector()], ZoneA, "violated");
        yield return Row("follower selecting another key", TestPods.Leader().On("node-a"), [TestPods.Follower().Selecting("pool", "zone-a")], ZoneA, "violated");
        yield return Row("misplaced pod of another Job incarnation is ignored", TestPods.Leader().On("node-a"),
            [TestPods.Follower().Selecting(TestPods.Zone, "zone-b").OwnedBy("job-uid-old"), TestPods.Follower(2).Selecting(TestPods.Zone, "zone-b").OwnedBy(null)], ZoneA, "satisfied");
        yield return Row("misplaced pod of another job-key is ignored", TestPods.Leader().On("node-a"),
            [TestPods.Follower().Selecting(TestPods.Zone, "zone-b").WithLabel(WellKnownKeys.JobKey, "job-key-9")], ZoneA, "satisfied");
        yield return Row("misplaced pod in another namespace is ignored", TestPods.Leader().On("node-a"),
            [TestPods.Follower().Selecting(TestPods.Zone, "zone-b").InNamespace("team-b")], ZoneA, "satisfied");
        yield return Row("leader node without the topology label", TestPods.Leader().On("node-a"),
            [TestPods.Follower().Selecting(TestPods.Zone, "zone-a")], [TestPods.Node("node-a", null)], "undecided: node does not have topology label: topology.kubernetes.io/zone");
        yield return Row("leader node not observed, follower placed", TestPods.Leader().On("node-a"),
            [TestPods.Follower().Selecting(TestPods.Zone, "zone-a")], [], "undecided: leader topology is unknown (node not found)");
        yield return Row("leader node not observed, no follower", TestPods.Leader().On("node-a"), [], [], "satisfied");
        yield return Row("leader without job-key", TestPods.Leader().On("node-a").WithoutLabel(WellKnownKeys.JobKey), [], ZoneA,
            $"undecided: job key label not found on leader pod: \"{TestPods.LeaderName}\"");
        yield return Row("leader without controller", TestPods.Leader().On("node-a").OwnedBy(null), [], ZoneA,
            $"undecided: leader pod \"{TestPods.LeaderName}\" has no controller owner");
    }

    [TestCaseSource(nameof(Verdicts))]
    public string The_verdict_follows_upstream(V1Pod leader, V1Pod[] followers, V1Node[] nodes)
    {
        var check = PlacementViolation.Detect(leader, PlacementIndex.Build([leader, .. followers], nodes), Now);

        return check.Match(
            _ => "not applicable",
            _ => "satisfied",
            _ => "violated",
            undecided => $"undecided: {undecided.Message}");
    }

    [Test]
    public void On_violation_every_follower_is_marked_then_deleted_in_name_order_and_the_leader_is_kept()
    {
        var leader = TestPods.Leader().On("node-a");
        var followers = new[]
        {
            TestPods.Follower(2).Selecting(TestPods.Zone, "zone-b"),
            TestPods.Follower(1).Selecting(TestPods.Zone, "zone-a"),
            TestPods.Follower(3).Selecting(TestPods.Zone, "zone-b").OwnedBy("job-uid-old"),
        };

        var actions = PlacementViolation.Detect(leader, PlacementIndex.Build([.. followers, leader], ZoneA), Now).Actions;

        Assert.That(actions.Select(Describe), Is.EqualTo(new[]
        {
            "mark js-rjob-0-1-f1q9z", "delete default/js-rjob-0-1-f1q9z Background",
            "mark js-rjob-0-2-f2q9z", "delete default/js-rjob-0-2-f2q9z Background",
        }));
    }

    [Test]
    public void The_mark_is_a_true_DisruptionTarget_condition_with_upstreams_reason_and_message()
    {
        var follower = TestPods.Follower().InPhase("Running");

        var mark = PlacementViolation.Detect(TestPods.Leader().On("node-a"), PlacementIndex.Build([follower], ZoneA), Now).Actions[0].AsT0;

        var condition = mark.Pod.Status.Conditions.Single();
        Assert.Multiple(() =>
        {
            Assert.That(condition.Type, Is.EqualTo("DisruptionTarget"));
            Assert.That(condition.Status, Is.EqualTo("True"));
            Assert.That(condition.Reason, Is.EqualTo("ExclusivePlacementViolation"));
            Assert.That(condition.Message, Is.EqualTo("Pod violated JobSet exclusive placement policy"));
            Assert.That(condition.LastTransitionTime, Is.EqualTo(new DateTime(2026, 11, 29, 6, 0, 0, DateTimeKind.Utc)));
            Assert.That(mark.Pod.Status.Phase, Is.EqualTo("Running"), "the rest of the status is kept");
            Assert.That(follower.Status.Conditions, Is.Null, "the observed pod is not changed");
        });
    }

    [TestCase("True", "delete")]
    [TestCase("False", "mark, delete")]
    public void A_follower_already_marked_true_is_only_deleted(string existingStatus, string expected)
    {
        var follower = TestPods.Follower().WithCondition("DisruptionTarget", existingStatus);

        var actions = PlacementViolation.Detect(TestPods.Leader().On("node-a"), PlacementIndex.Build([follower], ZoneA), Now).Actions;

        Assert.That(string.Join(", ", actions.Select(a => Describe(a).Split(' ')[0])), Is.EqualTo(expected));
        if (actions[0].TryPickT0(out var mark, out _))
        {
            Assert.That(mark.Pod.Status.Conditions.Single().Status, Is.EqualTo("True"), "the false condition is replaced");
        }
    }

    [Test]
    public void Only_the_first_DisruptionTarget_condition_counts_as_upstreams_condition_lookup()
    {
        var follower = TestPods.Follower().WithCondition("DisruptionTarget", "False");
        follower.Status.Conditions.Add(new V1PodCondition { Type = "DisruptionTarget", Status = "True", Reason = "Later" });

        var mark = PlacementViolation.Detect(TestPods.Leader().On("node-a"), PlacementIndex.Build([follower], ZoneA), Now).Actions[0].AsT0;

        Assert.That(mark.Pod.Status.Conditions.Select(c => $"{c.Status} {c.Reason}"), Is.EqualTo(new[] { "True ExclusivePlacementViolation", "True Later" }));
    }

    [Test]
    public void Other_conditions_are_kept_when_marking()
    {
        var follower = TestPods.Follower().WithCondition("Ready", "True");

        var mark = PlacementViolation.Detect(TestPods.Leader().On("node-a"), PlacementIndex.Build([follower], ZoneA), Now).Actions[0].AsT0;

        Assert.That(mark.Pod.Status.Conditions.Select(c => c.Type), Is.EqualTo(new[] { "Ready", "DisruptionTarget" }));
    }

    [Test]
    public void Deletion_carries_the_observed_uid()
    {
        var follower = TestPods.Follower();
        follower.Metadata.Uid = "pod-uid-7";

        var delete = PlacementViolation.Detect(TestPods.Leader().On("node-a"), PlacementIndex.Build([follower], ZoneA), Now).Actions[1].AsT1;

        Assert.That((delete.Pod.NamespaceOrDefault(), delete.Pod.Metadata.Name, delete.Pod.Metadata.Uid, delete.PropagationPolicy), Is.EqualTo(("default", follower.Metadata.Name, "pod-uid-7", "Background")));
    }

    [Test]
    public void No_actions_unless_violated()
    {
        var follower = TestPods.Follower().Selecting(TestPods.Zone, "zone-a");

        var check = PlacementViolation.Detect(TestPods.Leader().On("node-a"), PlacementIndex.Build([follower], ZoneA), Now);

        Assert.That(check.Actions, Is.Empty);
        Assert.That(KubeSerializer.ToJson(follower), Does.Not.Contain("DisruptionTarget"));
    }

    private static string Describe(PodAction action) => action.Match(
        mark => $"mark {mark.Pod.Metadata.Name}",
        delete => $"delete {delete.Namespace}/{delete.Name} {delete.PropagationPolicy}");
}
