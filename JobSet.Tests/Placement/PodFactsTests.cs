using JobSet.Core.Placement;
using k8s.Models;

namespace JobSet.Tests.Placement;

/// <summary>What the placement code reads off pods that lack the usual fields.</summary>
public class PodFactsTests
{
    [Test]
    public void A_pod_whose_owners_are_none_of_them_controllers_has_no_controller()
    {
        var pod = TestPods.Follower();
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "cm", Uid = "cm-uid", Controller = false }];

        Assert.Multiple(() =>
        {
            Assert.That(PodFacts.Controller(pod), Is.Null);
            Assert.That(PodFacts.ControllerUid(pod), Is.Null);
        });
    }

    [Test]
    public void A_leader_without_a_spec_has_no_node_and_the_denial_says_so()
    {
        var leader = TestPods.Leader();
        leader.Spec = null;

        var topology = LeaderTopology.Of(leader, TestPods.Zone, PlacementIndex.Build([], [TestPods.Node("node-a", "zone-a")]));

        Assert.That(topology.AsT1.Message, Is.EqualTo("nodes \"\" not found"));
    }

    [Test]
    public void Actions_on_a_pod_without_metadata_name_an_empty_pod()
    {
        var pod = new V1Pod();
        PodAction mark = new MarkDisruptionTarget(pod, PlacementViolation.ViolationCondition(DateTimeOffset.UnixEpoch));
        var delete = new DeletePod(pod, "Background");

        Assert.Multiple(() =>
        {
            Assert.That(mark.PodName, Is.EqualTo(""));
            Assert.That(delete.Name, Is.EqualTo(""));
            Assert.That(((PodAction)delete).PodName, Is.EqualTo(""));
            Assert.That(delete.Namespace, Is.EqualTo("default"));
            Assert.That(delete.Uid, Is.Null);
        });
    }
}
