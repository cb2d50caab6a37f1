namespace JobSet.Kubernetes.Manifests;

/// <summary>
/// The names of the installed objects, as upstream's kustomize output names them (prefix
/// <c>jobset-</c>), so switching from upstream's install replaces objects instead of adding twins.
/// </summary>
public static class InstallNames
{
    /// <summary>The controller's default namespace.</summary>
    public const string DefaultNamespace = "jobset-system";

    /// <summary>The controller's ServiceAccount and Deployment.</summary>
    public const string ControllerManager = "jobset-controller-manager";

    /// <summary>The webhook Service.</summary>
    public const string WebhookService = "jobset-webhook-service";

    /// <summary>The metrics Service.</summary>
    public const string MetricsService = "jobset-controller-manager-metrics-service";

    /// <summary>The Secret holding the self-managed CA and serving certificate.</summary>
    public const string WebhookCertSecret = "jobset-webhook-server-cert";

    /// <summary>The MutatingWebhookConfiguration.</summary>
    public const string MutatingWebhookConfiguration = "jobset-mutating-webhook-configuration";

    /// <summary>The ValidatingWebhookConfiguration.</summary>
    public const string ValidatingWebhookConfiguration = "jobset-validating-webhook-configuration";

    /// <summary>The label the controller's pods carry (Services and the PodDisruptionBudget select it).</summary>
    public const string PodLabel = "control-plane";

    /// <summary>The value of <see cref="PodLabel"/>.</summary>
    public const string PodLabelValue = "controller-manager";

    /// <summary>Path of the JobSet mutating webhook.</summary>
    public const string MutateJobSetPath = "/mutate-jobset-x-k8s-io-v1alpha2-jobset";

    /// <summary>Path of the JobSet validating webhook.</summary>
    public const string ValidateJobSetPath = "/validate-jobset-x-k8s-io-v1alpha2-jobset";

    /// <summary>Path of the pod mutating webhook.</summary>
    public const string MutatePodPath = "/mutate--v1-pod";

    /// <summary>Path of the pod validating webhook.</summary>
    public const string ValidatePodPath = "/validate--v1-pod";

    /// <summary>The DNS name the serving certificate is made for: <c>jobset-webhook-service.NS.svc</c>.</summary>
    public static string WebhookDnsName(string ns) => $"{WebhookService}.{ns}.svc";
}
