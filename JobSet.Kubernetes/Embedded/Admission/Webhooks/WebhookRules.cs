using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Admission.Webhooks;

/// <summary>
/// Whether a webhook's <c>rules</c> cover a request, as the API server's rule matcher decides:
/// operations, apiGroups, apiVersions, resources (<c>*</c> is every resource without a
/// subresource, <c>*/*</c> everything, <c>pods/status</c>, <c>*/status</c> and <c>pods/*</c>
/// name subresources) and scope.
/// </summary>
internal static class WebhookRules
{
    /// <summary>Whether any rule covers the operation on the resource and subresource ("" for the main resource).</summary>
    public static bool Cover(IReadOnlyList<V1RuleWithOperations> rules, string operation, ResourceType type, string subresource)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(type);
        foreach (var rule in rules)
        {
            if (Matches(rule.Operations, operation) && Matches(rule.ApiGroups, type.Group) && Matches(rule.ApiVersions, type.Version) &&
                ResourceMatches(rule.Resources, type.Plural, subresource) && ScopeMatches(rule.Scope, type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(IList<string>? allowed, string value) =>
        allowed is not null && allowed.Any(a => a == "*" || a == value);

    private static bool ResourceMatches(IList<string>? resources, string plural, string subresource)
    {
        foreach (var entry in resources ?? [])
        {
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            var (resource, sub) = slash < 0 ? (entry, "") : (entry[..slash], entry[(slash + 1)..]);
            if ((resource == "*" || resource == plural) && (sub == "*" || sub == subresource))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ScopeMatches(string? scope, ResourceType type) => scope switch
    {
        null or "" or "*" => true,

        "Cluster" => !type.Namespaced,
        "Namespaced" => type.Namespaced,
        _ => false,
    };
}
