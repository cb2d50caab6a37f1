using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Placement;

/// <summary>
/// The scheduling terms that give a leader's Job a topology domain to itself: a required pod
/// affinity to pods of its own job-key (so the leader joins its Job's domain) and a required
/// pod anti-affinity against pods of any other job-key with the same priority (so no other
/// Job of that priority shares the domain). Both span all namespaces.
/// </summary>
public static class LeaderAffinity
{
    /// <summary>Appends both terms to the pod's required affinity and anti-affinity, creating the sections as needed.</summary>
    public static void AddTo(V1Pod leader, string topologyKey)
    {
        ArgumentNullException.ThrowIfNull(leader);
        leader.Spec ??= new V1PodSpec();
        var affinity = leader.Spec.Affinity ??= new V1Affinity();
        affinity.PodAffinity ??= new V1PodAffinity();
        affinity.PodAntiAffinity ??= new V1PodAntiAffinity();

        // Upstream reads absent labels as empty strings; the selectors keep that value.
        var jobKey = leader.GetLabel(WellKnownKeys.JobKey) ?? "";
        var priority = leader.GetLabel(WellKnownKeys.Priority) ?? "";

        affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution =
        [
            .. affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution ?? [],
            Term(topologyKey, Requirement(WellKnownKeys.JobKey, "In", jobKey)),
        ];
        affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution =
        [
            .. affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution ?? [],
            Term(
                topologyKey,
                Requirement(WellKnownKeys.JobKey, "Exists"),
                Requirement(WellKnownKeys.JobKey, "NotIn", jobKey),
                Requirement(WellKnownKeys.Priority, "In", priority)),
        ];
    }

    private static V1PodAffinityTerm Term(string topologyKey, params V1LabelSelectorRequirement[] requirements) => new()
    {
        LabelSelector = new V1LabelSelector { MatchExpressions = [.. requirements] },
        TopologyKey = topologyKey,
        // An empty selector, not a missing one: the term applies across all namespaces.
        NamespaceSelector = new V1LabelSelector(),
    };

    private static V1LabelSelectorRequirement Requirement(string key, string @operator, params string[] values) => new()
    {
        Key = key,
        OperatorProperty = @operator,
        Values = values.Length == 0 ? null : [.. values],
    };
}
