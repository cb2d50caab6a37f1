using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Admission.Webhooks;

/// <summary>
/// One webhook of a stored Mutating/ValidatingWebhookConfiguration, with the API server's
/// defaults filled in (failurePolicy Fail, matchPolicy Equivalent, timeout 10 s, empty selectors
/// selecting everything).
/// </summary>
/// <param name="Name">The webhook's name (<c>mjobset.kb.io</c>), as error messages quote it.</param>
/// <param name="ConfigurationName">The configuration it belongs to (webhooks run ordered by configuration name, then in list order).</param>
/// <param name="Mutating">Whether it may answer with a JSON patch.</param>
/// <param name="Rules">Which operations on which resources it is called for.</param>
/// <param name="FailurePolicy"><c>Fail</c> or <c>Ignore</c>: what a failed call means.</param>
/// <param name="NamespaceSelector">Which namespaces' objects it sees (null: all).</param>
/// <param name="ObjectSelector">Which objects it sees, by their labels (null: all).</param>
/// <param name="Timeout">How long a call may take (1 to 30 s).</param>
/// <param name="SideEffects"><c>None</c>, <c>NoneOnDryRun</c>, <c>Some</c> or <c>Unknown</c>: whether it may be called for dry-run requests.</param>
/// <param name="AcceptsV1">Whether <c>admissionReviewVersions</c> lists <c>v1</c>, the only version sent.</param>
/// <param name="ClientConfig">Where to call it: a URL or a Service, and the CA bundle.</param>
internal sealed record RegisteredWebhook(
    string Name,
    string ConfigurationName,
    bool Mutating,
    IReadOnlyList<V1RuleWithOperations> Rules,
    string FailurePolicy,
    V1LabelSelector? NamespaceSelector,
    V1LabelSelector? ObjectSelector,
    TimeSpan Timeout,
    string SideEffects,
    bool AcceptsV1,
    Admissionregistrationv1WebhookClientConfig ClientConfig)
{
    /// <summary>Whether a failed call is ignored (failurePolicy Ignore) rather than refusing the request.</summary>
    public bool IgnoresFailures => FailurePolicy == "Ignore";

    /// <summary>From a stored MutatingWebhookConfiguration's webhook.</summary>
    public static RegisteredWebhook From(string configuration, V1MutatingWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return new(webhook.Name, configuration, true, webhook.Rules?.ToList() ?? [], webhook.FailurePolicy ?? "Fail", webhook.NamespaceSelector, webhook.ObjectSelector,
            TimeoutOf(webhook.TimeoutSeconds), webhook.SideEffects ?? "Unknown", webhook.AdmissionReviewVersions?.Contains("v1") ?? false, webhook.ClientConfig ?? new());
    }

    /// <summary>From a stored ValidatingWebhookConfiguration's webhook.</summary>
    public static RegisteredWebhook From(string configuration, V1ValidatingWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return new(webhook.Name, configuration, false, webhook.Rules?.ToList() ?? [], webhook.FailurePolicy ?? "Fail", webhook.NamespaceSelector, webhook.ObjectSelector,
            TimeoutOf(webhook.TimeoutSeconds), webhook.SideEffects ?? "Unknown", webhook.AdmissionReviewVersions?.Contains("v1") ?? false, webhook.ClientConfig ?? new());
    }

    // The API server's default is 10 s; validation keeps it within 1..30 s.
    private static TimeSpan TimeoutOf(int? seconds) => TimeSpan.FromSeconds(Math.Clamp(seconds ?? 10, 1, 30));
}
