using JobSet.Core.Api;
using JobSet.Core.Placement;
using JobSet.Core.Serialization;
using JobSet.Tests.TestSupport;
using k8s.Models;

namespace JobSet.Tests.Placement;

/// <summary>Pod defaulting: the priority label and the leader's terms (upstream pod_webhook.go Default).</summary>
public class PodMutationTests
{
    [TestCase("plain pod", 100, null)]
    [TestCase("node-selector strategy", 100, null)]
    [TestCase("JobSet pod without priority", null, null)]
    [TestCase("JobSet pod", 100, "100")]
    [TestCase("JobSet pod with zero priority", 0, "0")]
    [TestCase("JobSet pod with negative priority", -5, "-5")]
    [TestCase("JobSet pod with the largest priority", 1_000_000_000, "1000000000")]
    public void The_priority_label_records_the_priority_of_JobSet_pods_only(string kind, int? priority, string? expected)
    {
        var pod = kind switch
        {
            "plain pod" => TestPods.Plain(),
            "node-selector strategy" => TestPods.Leader().WithAnnotation(WellKnownKeys.NodeSelectorStrategy, ""),
            _ => TestPods.Leader().WithoutAnnotation(WellKnownKeys.ExclusiveTopology),
        };
        pod.WithPriority(priority);

        var mutated = Mutated(pod, PlacementIndex.Empty);

        Assert.That(mutated.Metadata.Labels.ValueOf(WellKnownKeys.Priority), Is.EqualTo(expected));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Pods_the_webhook_skips_come_back_unchanged(bool nodeSelectorStrategy)
    {
        var pod = nodeSelectorStrategy ? TestPods.Follower().WithAnnotation(WellKnownKeys.NodeSelectorStrategy, "true") : TestPods.Plain();

        var mutated = Mutated(pod, PlacementIndex.Empty);

        Assert.That(KubeSerializer.ToJson(mutated), Is.EqualTo(KubeSerializer.ToJson(pod)));
    }

    [Test]
    public void A_leader_gets_affinity_to_its_job_and_anti_affinity_to_other_jobs_of_its_priority()
    {
        var mutated = Mutated(TestPods.Leader(), PlacementIndex.Empty);

        var affinity = mutated.Spec.Affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution.Single();
        var anti = mutated.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution.Single();
        Assert.Multiple(() =>
        {
            Assert.That(Describe(affinity), Is.EqualTo("jobset.sigs.k8s.io/job-key In [job-key-0] @topology.kubernetes.io/zone ns={}"));
            Assert.That(Describe(anti), Is.EqualTo(
                "jobset.sigs.k8s.io/job-key Exists [], jobset.sigs.k8s.io/job-key NotIn [job-key-0], jobset.sigs.k8s.io/priority In [100] @topology.kubernetes.io/zone ns={}"));
            Assert.That(mutated.Spec.NodeSelector, Is.Null, "a leader gets no nodeSelector");
        });
    }

    [Test]
    public void A_leader_without_priority_or_job_key_selects_empty_values_as_upstream()
    {
        var leader = TestPods.Leader().WithPriority(null).WithoutLabel(WellKnownKeys.JobKey);

        var mutated = Mutated(leader, PlacementIndex.Empty);

        var anti = mutated.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution.Single();
        Assert.That(Describe(anti), Is.EqualTo(
            "jobset.sigs.k8s.io/job-key Exists [], jobset.sigs.k8s.io/job-key NotIn [], jobset.sigs.k8s.io/priority In [] @topology.kubernetes.io/zone ns={}"));
    }

    [Test]
    public void A_leaders_own_affinity_terms_are_kept_and_the_exclusive_ones_appended()
    {
        var leader = TestPods.Leader();
        var own = new V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "cache" } } };
        leader.Spec.Affinity = new V1Affinity
        {
            PodAffinity = new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [own] },
            NodeAffinity = new V1NodeAffinity(),
        };

        var mutated = Mutated(leader, PlacementIndex.Empty);

        var terms = mutated.Spec.Affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution;
        Assert.Multiple(() =>
        {
            Assert.That(terms.Select(t => t.TopologyKey), Is.EqualTo(new[] { "kubernetes.io/hostname", TestPods.Zone }));
            Assert.That(mutated.Spec.Affinity.NodeAffinity, Is.Not.Null);
            Assert.That(mutated.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void A_leaders_own_anti_affinity_terms_are_kept_and_the_exclusive_one_appended()
    {
        var leader = TestPods.Leader();
        var required = new V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } } };
        var preferred = new V1WeightedPodAffinityTerm { Weight = 10, PodAffinityTerm = required };
        leader.Spec.Affinity = new V1Affinity
        {
            PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [required], PreferredDuringSchedulingIgnoredDuringExecution = [preferred] },
        };

        var anti = Mutated(leader, PlacementIndex.Empty).Spec.Affinity.PodAntiAffinity;

        Assert.Multiple(() =>
        {
            Assert.That(anti.RequiredDuringSchedulingIgnoredDuringExecution.Select(t => t.TopologyKey), Is.EqualTo(new[] { "kubernetes.io/hostname", TestPods.Zone }));
            Assert.That(anti.PreferredDuringSchedulingIgnoredDuringExecution.Select(t => t.Weight), Is.EqualTo(new[] { 10 }));
        });
    }

    [Test]
    public void The_topology_key_comes_from_the_pods_own_annotation()
    {
        var leader = TestPods.Leader().WithAnnotation(WellKnownKeys.ExclusiveTopology, "cloud.google.com/gke-nodepool");

        var mutated = Mutated(leader, PlacementIndex.Empty);

        Assert.That(mutated.Spec.Affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].TopologyKey, Is.EqualTo("cloud.google.com/gke-nodepool"));
    }

    [Test]
    public void A_leader_and_a_follower_after_mutation()
    {
        var index = PlacementIndex.Build([TestPods.Leader().On("node-a")], [TestPods.Node("node-a", "zone-a")]);

        Snapshot.Match(KubeSerializer.ToYaml(Mutated(TestPods.Leader(), index)), "leader");
        Snapshot.Match(KubeSerializer.ToYaml(Mutated(TestPods.Follower(), index)), "follower");
    }

    private static V1Pod Mutated(V1Pod pod, PlacementIndex index)
    {
        var result = PodMutation.Apply(pod, index);
        Assert.That(result.Succeeded, Is.True, () => result.AsT1.Message);
        return result.AsT0;
    }

    private static string Describe(V1PodAffinityTerm term) =>
        string.Join(", ", term.LabelSelector.MatchExpressions.Select(e => $"{e.Key} {e.OperatorProperty} [{string.Join(",", e.Values ?? [])}]"))
        + $" @{term.TopologyKey} ns={KubeSerializer.ToNode(term.NamespaceSelector).ToJsonString()}";
}
