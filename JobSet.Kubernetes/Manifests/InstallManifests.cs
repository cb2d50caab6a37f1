using System.Text.Json.Nodes;
using JobSet.Core.Api;

namespace JobSet.Kubernetes.Manifests;

/// <summary>
/// The complete install as ordered objects: the CRD, the namespace, the ServiceAccount, RBAC with the
/// verbs the controller uses, the Deployment, the webhook and metrics Services, the two webhook
/// configurations (CA bundle injected by the controller at run time) and a PodDisruptionBudget.
/// </summary>
public static class InstallManifests
{
    /// <summary>The port the webhook server listens on in the pod.</summary>
    public const int WebhookPort = 9443;

    /// <summary>The metrics port.</summary>
    public const int MetricsPort = 8080;

    /// <summary>The health probe port (<c>/healthz</c>, <c>/readyz</c>).</summary>
    public const int HealthPort = 8081;

    private const string WebhookGroup = "admissionregistration.k8s.io";

    /// <summary>The objects, in apply order.</summary>
    public static IReadOnlyList<JsonObject> Create(InstallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ns = options.Namespace;
        if (options.CrdOnly)
        {
            return [JobSetCrd.Create()];
        }

        return
        [
            JobSetCrd.Create(),
            Obj("v1", "Namespace", ns, null),
            Obj("v1", "ServiceAccount", InstallNames.ControllerManager, ns),
            ClusterRole(),
            Binding("ClusterRoleBinding", "jobset-manager-rolebinding", null, "ClusterRole", "jobset-manager-role", ns),
            Role("jobset-leader-election-role", ns,
                Rule("coordination.k8s.io", ["leases"], "create", "delete", "get", "list", "patch", "update", "watch"),
                Rule("", ["events"], "create", "patch"),
                Rule("events.k8s.io", ["events"], "create", "patch")),
            Binding("RoleBinding", "jobset-leader-election-rolebinding", ns, "Role", "jobset-leader-election-role", ns),
            Role("jobset-manager-secrets-role", ns, Rule("", ["secrets"], "create", "get", "list", "update", "watch")),
            Binding("RoleBinding", "jobset-manager-secrets-rolebinding", ns, "Role", "jobset-manager-secrets-role", ns),
            Deployment(options),
            Service(InstallNames.WebhookService, ns, "webhook", 443, WebhookPort),
            Service(InstallNames.MetricsService, ns, "metrics", MetricsPort, MetricsPort),
            WebhookConfiguration("MutatingWebhookConfiguration", InstallNames.MutatingWebhookConfiguration,
                Webhook("mjobset.kb.io", ns, InstallNames.MutateJobSetPath, ApiGroup.Name, ApiGroup.Version, ApiGroup.JobSetPlural, podsOnly: false, "CREATE"),
                Webhook("mpod.kb.io", ns, InstallNames.MutatePodPath, "", "v1", "pods", podsOnly: true, "CREATE")),
            WebhookConfiguration("ValidatingWebhookConfiguration", InstallNames.ValidatingWebhookConfiguration,
                Webhook("vjobset.kb.io", ns, InstallNames.ValidateJobSetPath, ApiGroup.Name, ApiGroup.Version, ApiGroup.JobSetPlural, podsOnly: false, "CREATE", "UPDATE"),
                Webhook("vpod.kb.io", ns, InstallNames.ValidatePodPath, "", "v1", "pods", podsOnly: true, "CREATE")),
            PodDisruptionBudget(ns),
        ];
    }

    private static JsonObject ClusterRole()
    {
        var role = Obj("rbac.authorization.k8s.io/v1", "ClusterRole", "jobset-manager-role", null);
        role["rules"] = new JsonArray(
            Rule("", ["events"], "create", "patch", "update", "watch"),
            Rule("", ["nodes"], "get", "list", "watch"),
            Rule("", ["persistentvolumeclaims"], "create", "delete", "get", "list", "watch"),
            Rule("", ["pods"], "delete", "get", "list", "patch", "update", "watch"),

            // The controller marks a pod that violates exclusive placement with a condition before deleting it.
            Rule("", ["pods/status"], "patch"),
            Rule("", ["services"], "create", "delete", "get", "list", "patch", "update", "watch"),
            Rule(WebhookGroup, ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"], "get", "list", "patch", "update", "watch"),
            Rule("batch", ["jobs"], "create", "delete", "get", "list", "patch", "update", "watch"),
            Rule("batch", ["jobs/status"], "get", "patch", "update"),
            Rule("events.k8s.io", ["events"], "create", "patch", "update", "watch"),
            Rule(ApiGroup.Name, ["jobsets"], "create", "delete", "get", "list", "patch", "update", "watch"),
            Rule(ApiGroup.Name, ["jobsets/finalizers"], "update"),
            Rule(ApiGroup.Name, ["jobsets/status"], "get", "patch", "update"));
        return role;
    }

    private static JsonObject Role(string name, string ns, params JsonObject[] rules)
    {
        var role = Obj("rbac.authorization.k8s.io/v1", "Role", name, ns);
        role["rules"] = new JsonArray([.. rules]);
        return role;
    }

    private static JsonObject Rule(string group, string[] resources, params string[] verbs) => new()
    {
        ["apiGroups"] = Strings(group),
        ["resources"] = Strings(resources),
        ["verbs"] = Strings(verbs),
    };

    private static JsonObject Binding(string kind, string name, string? ns, string roleKind, string roleName, string serviceAccountNamespace)
    {
        var binding = Obj("rbac.authorization.k8s.io/v1", kind, name, ns);
        binding["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = roleKind, ["name"] = roleName };
        binding["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = InstallNames.ControllerManager, ["namespace"] = serviceAccountNamespace });
        return binding;
    }

    private static JsonObject Deployment(InstallOptions options)
    {
        var deployment = Obj("apps/v1", "Deployment", InstallNames.ControllerManager, options.Namespace);
        JsonObject Probe(string path, int initialDelay, int period) => new()
        {
            ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = HealthPort },
            ["initialDelaySeconds"] = initialDelay,
            ["periodSeconds"] = period,
        };

        deployment["spec"] = new JsonObject
        {
            ["replicas"] = options.Replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = PodLabels() },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["annotations"] = new JsonObject { ["kubectl.kubernetes.io/default-container"] = "manager" },
                    ["labels"] = PodLabels(),
                },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["args"] = Strings(
                            "run",
                            "--leader-elect=true",
                            $"--metrics-bind-address=0.0.0.0:{MetricsPort}",
                            $"--health-probe-bind-address=0.0.0.0:{HealthPort}",
                            $"--webhook-bind-address=0.0.0.0:{WebhookPort}"),
                        ["image"] = options.Image,
                        ["livenessProbe"] = Probe("/healthz", 15, 20),
                        ["name"] = "manager",
                        ["ports"] = new JsonArray(
                            Port("webhook", WebhookPort),
                            Port("metrics", MetricsPort),
                            Port("health", HealthPort)),
                        ["readinessProbe"] = Probe("/readyz", 5, 10),
                        ["resources"] = new JsonObject
                        {
                            ["limits"] = new JsonObject { ["memory"] = "2Gi" },
                            ["requests"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" },
                        },
                        ["securityContext"] = new JsonObject
                        {
                            ["allowPrivilegeEscalation"] = false,
                            ["capabilities"] = new JsonObject { ["drop"] = Strings("ALL") },
                            ["readOnlyRootFilesystem"] = true,
                        },
                        // .NET writes diagnostics sockets and temporary files under /tmp.
                        ["volumeMounts"] = new JsonArray(new JsonObject { ["mountPath"] = "/tmp", ["name"] = "tmp" }),
                    }),
                    ["securityContext"] = new JsonObject
                    {
                        ["runAsNonRoot"] = true,
                        ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
                    },
                    ["serviceAccountName"] = InstallNames.ControllerManager,
                    ["terminationGracePeriodSeconds"] = 10,
                    ["volumes"] = new JsonArray(new JsonObject { ["emptyDir"] = new JsonObject(), ["name"] = "tmp" }),
                },
            },
        };
        return deployment;
    }

    private static JsonObject Port(string name, int port) => new() { ["containerPort"] = port, ["name"] = name, ["protocol"] = "TCP" };

    private static JsonObject Service(string name, string ns, string portName, int port, int targetPort)
    {
        var service = Obj("v1", "Service", name, ns);
        service["spec"] = new JsonObject
        {
            ["ports"] = new JsonArray(new JsonObject { ["name"] = portName, ["port"] = port, ["protocol"] = "TCP", ["targetPort"] = targetPort }),
            ["selector"] = PodLabels(),
        };
        return service;
    }

    private static JsonObject WebhookConfiguration(string kind, string name, params JsonObject[] webhooks)
    {
        var config = Obj($"{WebhookGroup}/v1", kind, name, null);
        config["webhooks"] = new JsonArray([.. webhooks]);
        return config;
    }

    private static JsonObject Webhook(string name, string ns, string path, string group, string version, string resource, bool podsOnly, params string[] operations)
    {
        var webhook = new JsonObject
        {
            ["admissionReviewVersions"] = Strings("v1"),
            ["clientConfig"] = new JsonObject
            {
                ["service"] = new JsonObject { ["name"] = InstallNames.WebhookService, ["namespace"] = ns, ["path"] = path, ["port"] = 443 },
            },
            ["failurePolicy"] = "Fail",
            ["name"] = name,
        };
        if (podsOnly)
        {
            // Only JobSet pods go through the placement webhooks: other pods are never delayed or refused by them.
            webhook["objectSelector"] = new JsonObject
            {
                ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = WellKnownKeys.JobSetName, ["operator"] = "Exists" }),
            };
        }

        webhook["rules"] = new JsonArray(new JsonObject
        {
            ["apiGroups"] = Strings(group),
            ["apiVersions"] = Strings(version),
            ["operations"] = Strings(operations),
            ["resources"] = Strings(resource),
        });
        webhook["sideEffects"] = "None";
        webhook["timeoutSeconds"] = 10;
        return webhook;
    }

    private static JsonObject PodDisruptionBudget(string ns)
    {
        var pdb = Obj("policy/v1", "PodDisruptionBudget", InstallNames.ControllerManager, ns);
        pdb["spec"] = new JsonObject { ["minAvailable"] = 1, ["selector"] = new JsonObject { ["matchLabels"] = PodLabels() } };
        return pdb;
    }

    private static JsonObject PodLabels() => new() { [InstallNames.PodLabel] = InstallNames.PodLabelValue };

    private static JsonObject Obj(string apiVersion, string kind, string name, string? ns)
    {
        var metadata = new JsonObject
        {
            ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "jobset", ["app.kubernetes.io/part-of"] = "jobset" },
            ["name"] = name,
        };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
    }

    private static JsonArray Strings(params string[] values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
