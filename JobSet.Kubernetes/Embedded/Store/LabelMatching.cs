using System.Globalization;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// Label selector and node selector requirement matching, as the scheduler and the API server
/// evaluate them: the one place the requirement operators are defined (the text selectors of
/// <see cref="LabelSelector"/> evaluate through it too).
/// </summary>
internal static class LabelMatching
{
    /// <summary>
    /// Whether <paramref name="labels"/> satisfy a metav1 label selector. A null selector selects
    /// nothing, an empty one everything (the affinity-term convention).
    /// </summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        if (selector.MatchLabels is { } matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                if (labels is null || !labels.TryGetValue(key, out var have) || have != value)
                {
                    return false;
                }
            }
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            string? value = null;
            var has = labels is not null && labels.TryGetValue(requirement.Key, out value);
            if (!Matches(requirement.OperatorProperty, requirement.Values, has, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a node's labels satisfy one node selector requirement (In, NotIn, Exists, DoesNotExist, Gt, Lt).</summary>
    public static bool Matches(V1NodeSelectorRequirement requirement, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        return Matches(requirement.OperatorProperty, requirement.Key, requirement.Values, labels);
    }

    /// <summary>Whether the labels satisfy one requirement given by its parts.</summary>
    public static bool Matches(string? op, string key, IList<string>? values, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var has = labels.TryGetValue(key, out var value);
        return Matches(op, values, has, value);
    }

    private static bool Matches(string? op, IList<string>? values, bool has, string? value)
    {
        values ??= [];
        return op switch
        {
            "In" => has && values.Contains(value!),
            "NotIn" => !has || !values.Contains(value!),
            "Exists" => has,
            "DoesNotExist" => !has,
            "Gt" => has && CompareNumber(value!, values) > 0,
            "Lt" => has && CompareNumber(value!, values) < 0,
            _ => false,
        };
    }

    private static int CompareNumber(string value, IList<string> values)
    {
        if (values.Count != 1
            || !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var have)
            || !long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var want))
        {
            return 0;
        }

        return have.CompareTo(want);
    }
}
