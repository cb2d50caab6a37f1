using JobSet.Core.Placement;

namespace JobSet.Tests.Placement;

/// <summary>Names as upstream's pod name index and leader name generation see them.</summary>
public class PodNamesTests
{
    [TestCase("js-rjob-0-0-abcde", "js-rjob-0-0")]
    [TestCase("my-js-rjob-12-3-abcde", "my-js-rjob-12-3")]
    [TestCase("a-b-c-d-e", "a-b-c-d")]
    [TestCase("a-b-c-d", null)]
    [TestCase("js", null)]
    [TestCase("", null)]
    [TestCase(null, null)]
    public void The_random_suffix_is_the_last_part_of_a_name_of_at_least_five(string? name, string? expected) =>
        Assert.That(PodNames.WithoutRandomSuffix(name), Is.EqualTo(expected));

    [Test]
    public void The_leader_name_comes_from_the_followers_labels() =>
        Assert.That(PodNames.LeaderOf(TestPods.Follower(3)).AsT0, Is.EqualTo("js-rjob-0-0"));

    [TestCase("jobset.sigs.k8s.io/jobset-name")]
    [TestCase("jobset.sigs.k8s.io/replicatedjob-name")]
    [TestCase("jobset.sigs.k8s.io/job-index")]
    public void A_missing_label_is_named(string label) =>
        Assert.That(PodNames.LeaderOf(TestPods.Follower().WithoutLabel(label)).AsT1.Message, Is.EqualTo($"pod missing label: {label}"));
}
