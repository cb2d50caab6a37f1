using JobSet.Core.Api;
using JobSet.Core.Placement;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Tests.Placement;

/// <summary>
/// One pod creation through defaulting then validation, case by case as upstream's pod
/// webhooks answer (pkg/webhooks/pod_webhook.go and its tests).
/// </summary>
public class PodAdmissionTests
{
    private const string NotSet = "follower pod node selector not set";
    private const string NotScheduled = "leader pod not yet scheduled, not creating follower pod. this is an expected, transient error";
    private const string NoLeader = "expected 1 leader pod (js-rjob-0-0), but got 0. this is an expected, transient error";

    /// <summary>A case: the pod, what the cluster holds, the answer and the nodeSelector value the pod ends with.</summary>
    public sealed record AdmissionCase(V1Pod Pod, V1Pod[] Pods, V1Node[] Nodes, bool Allowed, string Message, string? SelectedZone);

    private static readonly V1Node[] ZoneA = [TestPods.Node("node-a", "zone-a")];

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Row(string name, AdmissionCase c) => new TestCaseData(c).SetArgDisplayNames(name);

        yield return Row("non-JobSet pod", new(TestPods.Plain(), [], [], true, "", null));
        yield return Row("node-selector strategy follower without leader", new(
            TestPods.Follower().WithAnnotation(WellKnownKeys.NodeSelectorStrategy, "true"), [], [], true, "", null));
        yield return Row("JobSet pod without exclusive placement", new(
            TestPods.Follower().WithoutAnnotation(WellKnownKeys.ExclusiveTopology), [], [], true, "", null));
        yield return Row("leader", new(TestPods.Leader(), [], [], true, "", null));
        yield return Row("leader whose completion index is missing is a follower", new(
            TestPods.Leader().WithoutAnnotation(WellKnownKeys.JobCompletionIndex), [], [], false, NotSet, null));
        yield return Row("follower, leader scheduled on a labelled node", new(
            TestPods.Follower(), [TestPods.Leader().On("node-a")], ZoneA, true, "", "zone-a"));
        yield return Row("follower of a high completion index", new(
            TestPods.Follower(7), [TestPods.Leader().On("node-a")], ZoneA, true, "", "zone-a"));
        yield return Row("follower's stale selector is replaced by the leader's zone", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-z"), [TestPods.Leader().On("node-a")], ZoneA, true, "", "zone-a"));
        yield return Row("follower, leader not scheduled", new(
            TestPods.Follower(), [TestPods.Leader()], ZoneA, false, NotSet, null));
        yield return Row("follower with a selector, leader not scheduled", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a"), [TestPods.Leader()], ZoneA, false, NotScheduled, "zone-a"));
        yield return Row("follower, leader missing", new(TestPods.Follower(), [], ZoneA, false, NotSet, null));
        yield return Row("follower with another selector, leader missing", new(
            TestPods.Follower().Selecting("pool", "gpu"), [], ZoneA, false,
            "follower pod node selector for topology domain not found. missing selector: topology.kubernetes.io/zone", null));
        yield return Row("follower with an empty selector, leader missing", new(
            TestPods.Follower().WithEmptyNodeSelector(), [], ZoneA, false,
            "follower pod node selector for topology domain not found. missing selector: topology.kubernetes.io/zone", null));
        yield return Row("follower with a selector, leader missing", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a"), [], ZoneA, false, NoLeader, "zone-a"));
        yield return Row("follower, leader on a node without the topology label", new(
            TestPods.Follower(), [TestPods.Leader().On("node-a")], [TestPods.Node("node-a", null)], false,
            "node does not have topology label: topology.kubernetes.io/zone", null));
        yield return Row("follower, leader on a node that was not observed", new(
            TestPods.Follower(), [TestPods.Leader().On("node-a")], [], false, "nodes \"node-a\" not found", null));
        yield return Row("follower with a selector, leader of a foreign Job", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a"), [TestPods.Leader().On("node-a").OwnedBy("job-uid-2")], ZoneA, false,
            "follower pod owner UID (job-uid-1) != leader pod owner UID (job-uid-2)", "zone-a"));
        yield return Row("follower, leader of a foreign Job", new(
            TestPods.Follower(), [TestPods.Leader().On("node-a").OwnedBy("job-uid-2")], ZoneA, false, NotSet, null));
        yield return Row("follower with a selector and no owner", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a").OwnedBy(null), [TestPods.Leader().On("node-a")], ZoneA, false,
            "follower pod has no owner reference", "zone-a"));
        yield return Row("follower with a selector, leader without owner", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a"), [TestPods.Leader().On("node-a").OwnedBy(null)], ZoneA, false,
            $"leader pod \"{TestPods.LeaderName}\" has no owner reference", "zone-a"));
        yield return Row("follower with a selector, leader succeeded", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a"), [TestPods.Leader().On("node-a").InPhase("Succeeded")], ZoneA, false, NoLeader, "zone-a"));
        yield return Row("follower with a selector, leader failed", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a"), [TestPods.Leader().On("node-a").InPhase("Failed")], ZoneA, false, NoLeader, "zone-a"));
        yield return Row("follower with a selector, leader being deleted", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a"), [TestPods.Leader().On("node-a").Deleting()], ZoneA, false, NoLeader, "zone-a"));
        yield return Row("follower, failed leader beside its replacement", new(
            TestPods.Follower(),
            [TestPods.Leader().On("node-b").InPhase("Failed"), TestPods.Leader().Named("js-rjob-0-0-r3pl4").On("node-a").InPhase("Running")],
            [.. ZoneA, TestPods.Node("node-b", "zone-b")], true, "", "zone-a"));
        yield return Row("follower with a selector, two live leaders", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a"),
            [TestPods.Leader().On("node-a"), TestPods.Leader().Named("js-rjob-0-0-tw0o2").On("node-a")], ZoneA, false,
            "expected 1 leader pod (js-rjob-0-0), but got 2. this is an expected, transient error", "zone-a"));
        yield return Row("follower with a selector, leader in another namespace", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a"), [TestPods.Leader().On("node-a").InNamespace("team-b")], ZoneA, false, NoLeader, "zone-a"));
        yield return Row("follower with a selector, leader without exclusive annotation is not indexed", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a"), [TestPods.Leader().On("node-a").WithoutAnnotation(WellKnownKeys.ExclusiveTopology)], ZoneA, false, NoLeader, "zone-a"));
        yield return Row("follower with a selector, missing job-index label", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a").WithoutLabel(WellKnownKeys.JobIndex), [TestPods.Leader().On("node-a")], ZoneA, false,
            "pod missing label: jobset.sigs.k8s.io/job-index", "zone-a"));
        yield return Row("follower with a selector, missing jobset-name label", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a").WithoutLabel(WellKnownKeys.JobSetName), [TestPods.Leader().On("node-a")], ZoneA, false,
            "pod missing label: jobset.sigs.k8s.io/jobset-name", "zone-a"));
        yield return Row("follower of another Job index does not follow this leader", new(
            TestPods.Follower().Selecting(TestPods.Zone, "zone-a").WithLabel(WellKnownKeys.JobIndex, "1"), [TestPods.Leader().On("node-a")], ZoneA, false,
            "expected 1 leader pod (js-rjob-1-0), but got 0. this is an expected, transient error", "zone-a"));
    }

    [TestCaseSource(nameof(Cases))]
    public void Admission_answers_as_upstream(AdmissionCase c)
    {
        var input = KubeSerializer.ToJson(c.Pod);

        var result = PodAdmission.Admit(c.Pod, PlacementIndex.Build(c.Pods, c.Nodes));

        Assert.Multiple(() =>
        {
            Assert.That(result.Allowed, Is.EqualTo(c.Allowed));
            Assert.That(result.Message, Is.EqualTo(c.Message));
            Assert.That(result.Pod.Spec.NodeSelector.ValueOf(TestPods.Zone), Is.EqualTo(c.SelectedZone));
            Assert.That(KubeSerializer.ToJson(c.Pod), Is.EqualTo(input), "the input pod is not changed");
        });
    }

    [Test]
    public void A_follower_that_passes_keeps_its_other_selectors()
    {
        var follower = TestPods.Follower().Selecting("pool", "gpu");

        var result = PodAdmission.Admit(follower, PlacementIndex.Build([TestPods.Leader().On("node-a")], ZoneA));

        Assert.That(result.Pod.Spec.NodeSelector, Is.EqualTo(new Dictionary<string, string> { ["pool"] = "gpu", [TestPods.Zone] = "zone-a" }));
    }

    [Test]
    public void A_pod_denied_by_defaulting_is_returned_as_given()
    {
        var follower = TestPods.Follower();

        var result = PodAdmission.Admit(follower, PlacementIndex.Build([TestPods.Leader().On("node-a")], []));

        Assert.That(result.Allowed, Is.False);
        Assert.That(KubeSerializer.ToJson(result.Pod), Is.EqualTo(KubeSerializer.ToJson(follower)));
    }

    [Test]
    public void A_denied_follower_still_carries_its_priority_label()
    {
        var result = PodAdmission.Admit(TestPods.Follower(), PlacementIndex.Empty);

        Assert.That(result.Allowed, Is.False);
        Assert.That(result.Pod.Metadata.Labels[WellKnownKeys.Priority], Is.EqualTo("100"));
    }

    [Test]
    public void A_pod_without_namespace_finds_its_leader_in_default()
    {
        var follower = TestPods.Follower();
        follower.Metadata.NamespaceProperty = null;

        var result = PodAdmission.Admit(follower, PlacementIndex.Build([TestPods.Leader().On("node-a")], ZoneA));

        Assert.That(result.Allowed, Is.True);
    }
}
