namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>A kind the store serves: its group/version, REST plural, kind, scope and whether it has a status subresource.</summary>
/// <param name="Group">The API group (empty for core/v1).</param>
/// <param name="Version">The API version, e.g. <c>v1</c>.</param>
/// <param name="Plural">The REST resource name, e.g. <c>pods</c>.</param>
/// <param name="Kind">The kind, e.g. <c>Pod</c>.</param>
/// <param name="Namespaced">Whether objects live in a namespace.</param>
/// <param name="HasStatus">Whether the kind has a status subresource (status writes go through it only).</param>
internal sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced, bool HasStatus)
{
    /// <summary>The apiVersion field value: <c>v1</c> or <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The singular lower-case name used by discovery.</summary>
    public string Singular => Kind.ToLowerInvariant();

    /// <summary>The <c>Kind.group</c> form used in Status messages (<c>JobSet.jobset.x-k8s.io</c>, <c>Pod</c>... core kinds print their plural only).</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Short names kubectl may use (discovery).</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>core/v1 Namespace.</summary>
    public static ResourceType Namespaces { get; } = new("", "v1", "namespaces", "Namespace", false, true) { ShortNames = ["ns"] };

    /// <summary>core/v1 Node.</summary>
    public static ResourceType Nodes { get; } = new("", "v1", "nodes", "Node", false, true) { ShortNames = ["no"] };

    /// <summary>core/v1 Pod.</summary>
    public static ResourceType Pods { get; } = new("", "v1", "pods", "Pod", true, true) { ShortNames = ["po"] };

    /// <summary>core/v1 Service.</summary>
    public static ResourceType Services { get; } = new("", "v1", "services", "Service", true, true) { ShortNames = ["svc"] };

    /// <summary>core/v1 PersistentVolumeClaim.</summary>
    public static ResourceType PersistentVolumeClaims { get; } = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, true) { ShortNames = ["pvc"] };

    /// <summary>core/v1 ConfigMap.</summary>
    public static ResourceType ConfigMaps { get; } = new("", "v1", "configmaps", "ConfigMap", true, false) { ShortNames = ["cm"] };

    /// <summary>core/v1 Secret.</summary>
    public static ResourceType Secrets { get; } = new("", "v1", "secrets", "Secret", true, false);

    /// <summary>core/v1 ServiceAccount.</summary>
    public static ResourceType ServiceAccounts { get; } = new("", "v1", "serviceaccounts", "ServiceAccount", true, false) { ShortNames = ["sa"] };

    /// <summary>core/v1 Endpoints (stored only; the embedded cluster resolves admission webhook Services through them).</summary>
    public static ResourceType Endpoints { get; } = new("", "v1", "endpoints", "Endpoints", true, false) { ShortNames = ["ep"] };

    /// <summary>core/v1 Event.</summary>
    public static ResourceType Events { get; } = new("", "v1", "events", "Event", true, false) { ShortNames = ["ev"] };

    /// <summary>events.k8s.io/v1 Event.</summary>
    public static ResourceType EventsV1 { get; } = new("events.k8s.io", "v1", "events", "Event", true, false) { ShortNames = ["ev"] };

    /// <summary>batch/v1 Job.</summary>
    public static ResourceType Jobs { get; } = new("batch", "v1", "jobs", "Job", true, true);

    /// <summary>coordination.k8s.io/v1 Lease.</summary>
    public static ResourceType Leases { get; } = new("coordination.k8s.io", "v1", "leases", "Lease", true, false);

    /// <summary>apiextensions.k8s.io/v1 CustomResourceDefinition.</summary>
    public static ResourceType CustomResourceDefinitions { get; } = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, true) { ShortNames = ["crd", "crds"] };

    /// <summary>apps/v1 Deployment (stored only: nothing runs it).</summary>
    public static ResourceType Deployments { get; } = new("apps", "v1", "deployments", "Deployment", true, true) { ShortNames = ["deploy"] };

    /// <summary>policy/v1 PodDisruptionBudget (stored only).</summary>
    public static ResourceType PodDisruptionBudgets { get; } = new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, true) { ShortNames = ["pdb"] };

    /// <summary>rbac.authorization.k8s.io/v1 ClusterRole (stored only: the embedded cluster does not authorize).</summary>
    public static ResourceType ClusterRoles { get; } = new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, false);

    /// <summary>rbac.authorization.k8s.io/v1 ClusterRoleBinding (stored only).</summary>
    public static ResourceType ClusterRoleBindings { get; } = new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, false);

    /// <summary>rbac.authorization.k8s.io/v1 Role (stored only).</summary>
    public static ResourceType Roles { get; } = new("rbac.authorization.k8s.io", "v1", "roles", "Role", true, false);

    /// <summary>rbac.authorization.k8s.io/v1 RoleBinding (stored only).</summary>
    public static ResourceType RoleBindings { get; } = new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, false);

    /// <summary>admissionregistration.k8s.io/v1 MutatingWebhookConfiguration.</summary>
    public static ResourceType MutatingWebhookConfigurations { get; } = new("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false, false);

    /// <summary>admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration.</summary>
    public static ResourceType ValidatingWebhookConfigurations { get; } = new("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false, false);

    /// <summary>jobset.x-k8s.io/v1alpha2 JobSet.</summary>
    public static ResourceType JobSets { get; } = new("jobset.x-k8s.io", "v1alpha2", "jobsets", "JobSet", true, true);

    /// <summary>The built-in kinds every store serves (custom resources are added by their CRD).</summary>
    public static IReadOnlyList<ResourceType> BuiltIn { get; } =
        [
            Namespaces, Nodes, Pods, Services, Endpoints, PersistentVolumeClaims, ConfigMaps, Secrets, ServiceAccounts, Events, EventsV1, Jobs, Leases, CustomResourceDefinitions,
            Deployments, PodDisruptionBudgets, ClusterRoles, ClusterRoleBindings, Roles, RoleBindings, MutatingWebhookConfigurations, ValidatingWebhookConfigurations,
        ];

    /// <summary>Whether this kind is one of the built-in (non-custom) kinds, for which strategic merge patch applies.</summary>
    public bool IsBuiltIn => BuiltIn.Contains(this);

    /// <inheritdoc />
    public bool Equals(ResourceType? other) =>
        other is not null && Group == other.Group && Version == other.Version && Plural == other.Plural;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Group, Version, Plural);

    /// <inheritdoc />
    public override string ToString() => $"{Plural}.{ApiVersion}";
}
