using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// The per-node scheduling filters that look at one pod and one node only: node selector,
/// required node affinity and taints against tolerations.
/// </summary>
internal static class NodeFit
{
    /// <summary>Whether the pod's nodeSelector and required node affinity accept the node's labels.</summary>
    public static bool MatchesNodeSelectorAndAffinity(V1PodSpec spec, IReadOnlyDictionary<string, string> nodeLabels)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var (key, value) in spec.NodeSelector ?? new Dictionary<string, string>())
        {
            if (!nodeLabels.TryGetValue(key, out var have) || have != value)
            {
                return false;
            }
        }

        var required = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        if (required?.NodeSelectorTerms is not { Count: > 0 } terms)
        {
            return true;
        }

        // Terms are ORed; the requirements inside a term are ANDed. A term with no expressions matches nothing.
        return terms.Any(term =>
            term.MatchExpressions is { Count: > 0 } expressions
            && expressions.All(e => LabelMatching.Matches(e, nodeLabels)));
    }

    /// <summary>The first NoSchedule/NoExecute taint the pod does not tolerate, or null.</summary>
    public static V1Taint? UntoleratedTaint(IEnumerable<V1Taint>? taints, IList<V1Toleration>? tolerations)
    {
        foreach (var taint in taints ?? [])
        {
            if (taint.Effect is "PreferNoSchedule")
            {
                continue;
            }

            if (!(tolerations ?? []).Any(t => Tolerates(t, taint)))
            {
                return taint;
            }
        }

        return null;
    }

    /// <summary>Whether one toleration tolerates one taint (key, operator Equal/Exists, value, effect).</summary>
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        ArgumentNullException.ThrowIfNull(toleration);
        ArgumentNullException.ThrowIfNull(taint);
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        // An empty key with operator Exists tolerates everything.
        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.OperatorProperty switch
        {
            "Exists" => true,
            null or "" or "Equal" => !string.IsNullOrEmpty(toleration.Key) && (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }
}
