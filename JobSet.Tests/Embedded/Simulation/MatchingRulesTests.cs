using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Simulation;

public sealed class MatchingRulesTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front", ["size"] = "5" };

    [TestCase("In", "app", new[] { "web", "db" }, true)]
    [TestCase("In", "app", new[] { "db" }, false)]
    [TestCase("In", "missing", new[] { "web" }, false)]
    [TestCase("NotIn", "app", new[] { "db" }, true)]
    [TestCase("NotIn", "app", new[] { "web" }, false)]
    [TestCase("NotIn", "missing", new[] { "web" }, true)]
    [TestCase("Exists", "tier", new string[0], true)]
    [TestCase("Exists", "missing", new string[0], false)]
    [TestCase("DoesNotExist", "missing", new string[0], true)]
    [TestCase("DoesNotExist", "tier", new string[0], false)]
    [TestCase("Gt", "size", new[] { "4" }, true)]
    [TestCase("Gt", "size", new[] { "5" }, false)]
    [TestCase("Lt", "size", new[] { "6" }, true)]
    [TestCase("Lt", "app", new[] { "6" }, false)]
    [TestCase("Bogus", "app", new[] { "web" }, false)]
    public void Requirement_operators_match_as_kubernetes_does(string op, string key, string[] values, bool expected) =>
        Assert.That(LabelMatching.Matches(op, key, values, Labels), Is.EqualTo(expected));

    [Test]
    public void A_null_selector_selects_nothing_and_an_empty_one_everything()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LabelMatching.Matches((V1LabelSelector?)null, Labels), Is.False);
            Assert.That(LabelMatching.Matches(new V1LabelSelector(), Labels), Is.True);
            Assert.That(LabelMatching.Matches(new V1LabelSelector(), null), Is.True);
        });
    }

    [TestCase("app", "web", null, true)]
    [TestCase("app", "db", null, false)]
    [TestCase(null, null, "NotIn", true)]
    [TestCase("app", "web", "NotIn", false)]
    public void Selectors_and_labels_with_expressions_are_ANDed(string? labelKey, string? labelValue, string? op, bool expected)
    {
        var selector = new V1LabelSelector
        {
            MatchLabels = labelKey is null ? null : new Dictionary<string, string> { [labelKey] = labelValue! },
            MatchExpressions = op is null ? null : [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = op, Values = ["back"] }],
        };
        if (labelKey is not null && op is not null)
        {
            selector.MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = op, Values = ["front"] }];
        }

        Assert.That(LabelMatching.Matches(selector, Labels), Is.EqualTo(expected));
    }

    [TestCase("gpu", "Equal", "true", "NoSchedule", true)]
    [TestCase("gpu", "Equal", "false", "NoSchedule", false)]
    [TestCase("gpu", null, "true", "NoSchedule", true)]
    [TestCase("gpu", "Exists", null, null, true)]
    [TestCase(null, "Exists", null, null, true)]
    [TestCase("gpu", "Equal", "true", "NoExecute", false)]
    [TestCase("other", "Exists", null, null, false)]
    [TestCase(null, "Equal", null, null, false)]
    public void Tolerations_tolerate_taints_by_key_operator_value_and_effect(string? key, string? op, string? value, string? effect, bool expected)
    {
        var taint = new V1Taint { Key = "gpu", Value = "true", Effect = "NoSchedule" };
        var toleration = new V1Toleration { Key = key, OperatorProperty = op, Value = value, Effect = effect };
        Assert.That(NodeFit.Tolerates(toleration, taint), Is.EqualTo(expected));
    }

    [Test]
    public void PreferNoSchedule_taints_never_block()
    {
        var taints = new[] { new V1Taint { Key = "soft", Effect = "PreferNoSchedule" } };
        Assert.That(NodeFit.UntoleratedTaint(taints, null), Is.Null);
    }

    [TestCase("pool-1", null, true)]
    [TestCase("pool-0", null, false)]
    [TestCase(null, "In", true)]
    [TestCase(null, "NotIn", false)]
    [TestCase("pool-1", "NotIn", false)]
    public void NodeSelector_and_required_node_affinity_must_both_match(string? pool, string? op, bool expected)
    {
        var node = new Dictionary<string, string> { [SimulationOptions.NodePoolLabel] = "pool-1", [SimulationOptions.ZoneLabel] = "zone-a" };
        var spec = new V1PodSpec
        {
            NodeSelector = pool is null ? null : new Dictionary<string, string> { [SimulationOptions.NodePoolLabel] = pool },
            Affinity = op is null ? null : new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                    {
                        NodeSelectorTerms =
                        [
                            new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = SimulationOptions.ZoneLabel, OperatorProperty = op, Values = ["zone-a"] }] },
                        ],
                    },
                },
            },
        };
        Assert.That(NodeFit.MatchesNodeSelectorAndAffinity(spec, node), Is.EqualTo(expected));
    }

    [TestCase(new int[0], null)]
    [TestCase(new[] { 0 }, "0")]
    [TestCase(new[] { 0, 1, 2 }, "0-2")]
    [TestCase(new[] { 4, 0, 2, 1, 6, 7 }, "0-2,4,6-7")]
    [TestCase(new[] { 3, 3, 5 }, "3,5")]
    public void Completed_indexes_format_as_sorted_intervals(int[] indexes, string? expected)
    {
        Assert.That(CompletedIndexes.Format(indexes), Is.EqualTo(expected));
        Assert.That(CompletedIndexes.Parse(expected), Is.EqualTo(indexes.Distinct().Order()));
    }

    [Test]
    public void Pod_names_follow_the_job_controller_pattern()
    {
        var random = new Random(3);
        Assert.Multiple(() =>
        {
            Assert.That(JobPodNames.Prefix("train", 2) + JobPodNames.Suffix(random), Does.Match("^train-2-[bcdfghjklmnpqrstvwxz2456789]{5}$"));
            Assert.That(JobPodNames.Prefix("train", -1) + JobPodNames.Suffix(random), Does.Match("^train-[bcdfghjklmnpqrstvwxz2456789]{5}$"));
            Assert.That(JobPodNames.Hostname("train", 2), Is.EqualTo("train-2"));
            var again = JobPodNames.Suffix(new Random(9));
            Assert.That(JobPodNames.Suffix(new Random(9)), Is.EqualTo(again));
        });
    }
}
