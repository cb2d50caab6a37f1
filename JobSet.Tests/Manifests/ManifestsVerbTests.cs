using System.Text.Json.Nodes;
using JobSet.Core.Serialization;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Manifests;

/// <summary><c>jobset manifests</c>: the ordered install YAML.</summary>
public sealed class ManifestsVerbTests
{
    private static IReadOnlyList<JsonObject> Objects(CliResult result) => ManifestReader.ReadObjects(result.Out, "stdout");

    private static JsonObject Find(IReadOnlyList<JsonObject> objects, string kind, string? name = null) =>
        objects.Single(o => o["kind"]!.GetValue<string>() == kind && (name is null || o["metadata"]!["name"]!.GetValue<string>() == name));

    private static IEnumerable<string> Verbs(JsonObject role, string group, string resource) =>
        role["rules"]!.AsArray()
            .Where(r => r!["apiGroups"]!.AsArray().Any(g => g!.GetValue<string>() == group) && r!["resources"]!.AsArray().Any(x => x!.GetValue<string>() == resource))
            .SelectMany(r => r!["verbs"]!.AsArray().Select(v => v!.GetValue<string>()))
            .Order(StringComparer.Ordinal);

    [Test]
    public void Prints_the_install_in_apply_order()
    {
        var result = CliRunner.Run("manifests");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(Objects(result).Select(o => o["kind"]!.GetValue<string>()), Is.EqualTo(new[]
        {
            "CustomResourceDefinition", "Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Role", "RoleBinding",
            "Deployment", "Service", "Service", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "PodDisruptionBudget",
        }));
    }

    [Test]
    public void Crd_only_prints_just_the_CRD()
    {
        var result = CliRunner.Run("manifests", "--crd-only");

        Assert.That(Objects(result).Select(o => o["metadata"]!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "jobsets.jobset.x-k8s.io" }));
    }

    [Test]
    public void Namespace_and_image_options_place_every_namespaced_object_and_set_the_image()
    {
        var objects = Objects(CliRunner.Run("manifests", "--namespace", "batch-system", "--image", "registry.example/jobset:1.2"));

        var namespaced = objects.Where(o => o["metadata"]!["namespace"] is not null).Select(o => o["metadata"]!["namespace"]!.GetValue<string>()).Distinct();
        Assert.That(namespaced, Is.EqualTo(new[] { "batch-system" }));
        Assert.That(Find(objects, "Namespace")["metadata"]!["name"]!.GetValue<string>(), Is.EqualTo("batch-system"));
        Assert.That(Find(objects, "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>(), Is.EqualTo("registry.example/jobset:1.2"));
        var hooks = Find(objects, "MutatingWebhookConfiguration")["webhooks"]!.AsArray().Concat(Find(objects, "ValidatingWebhookConfiguration")["webhooks"]!.AsArray());
        Assert.That(hooks.Select(h => h!["clientConfig"]!["service"]!["namespace"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "batch-system" }));
        var bindingSubjects = objects.Where(o => o["kind"]!.GetValue<string>().EndsWith("Binding", StringComparison.Ordinal)).Select(o => o["subjects"]![0]!["namespace"]!.GetValue<string>()).Distinct();
        Assert.That(bindingSubjects, Is.EqualTo(new[] { "batch-system" }));
    }

    [TestCase("--namespace", "Bad_Name")]
    [TestCase("--namespace", "")]
    [TestCase("--image", "has space")]
    [TestCase("--crd-only=maybe", null)]
    public void A_bad_option_value_is_a_usage_error_on_one_line(string option, string? value)
    {
        var result = value is null ? CliRunner.Run("manifests", option) : CliRunner.Run("manifests", option, value);

        Assert.That((result.ExitCode, result.ErrorLines.Count, result.Out), Is.EqualTo((2, 1, "")));
    }

    [Test]
    public void The_deployment_runs_the_controller_hardened_with_leader_election_and_probes()
    {
        var deployment = Find(Objects(CliRunner.Run("manifests")), "Deployment");
        var spec = deployment["spec"]!;
        var pod = spec["template"]!["spec"]!;
        var container = pod["containers"]![0]!;

        Assert.Multiple(() =>
        {
            Assert.That(spec["replicas"]!.ToJsonString(), Is.EqualTo("2"));
            Assert.That(container["args"]!.AsArray().Select(a => a!.GetValue<string>()), Is.EqualTo(new[]
            {
                "run", "--leader-elect=true", "--metrics-bind-address=0.0.0.0:8080", "--health-probe-bind-address=0.0.0.0:8081", "--webhook-bind-address=0.0.0.0:9443",
            }));
            Assert.That(container["livenessProbe"]!["httpGet"]!.ToJsonString(), Is.EqualTo("""{"path":"/healthz","port":8081}"""));
            Assert.That(container["readinessProbe"]!["httpGet"]!.ToJsonString(), Is.EqualTo("""{"path":"/readyz","port":8081}"""));
            Assert.That(container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>(), Is.True);
            Assert.That(container["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>(), Is.False);
            Assert.That(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>(), Is.True);
            Assert.That(pod["securityContext"]!["seccompProfile"]!["type"]!.GetValue<string>(), Is.EqualTo("RuntimeDefault"));
            Assert.That(container["resources"]!["requests"], Is.Not.Null);
            Assert.That(pod["serviceAccountName"]!.GetValue<string>(), Is.EqualTo("jobset-controller-manager"));
        });
    }

    [Test]
    public void Rbac_grants_the_verbs_the_controller_uses()
    {
        var objects = Objects(CliRunner.Run("manifests"));
        var cluster = Find(objects, "ClusterRole");
        var leader = Find(objects, "Role", "jobset-leader-election-role");
        var secrets = Find(objects, "Role", "jobset-manager-secrets-role");
        string[] crud = ["create", "delete", "get", "list", "patch", "update", "watch"];

        Assert.Multiple(() =>
        {
            Assert.That(Verbs(cluster, "jobset.x-k8s.io", "jobsets"), Is.EqualTo(crud));
            Assert.That(Verbs(cluster, "jobset.x-k8s.io", "jobsets/status"), Is.EqualTo(new[] { "get", "patch", "update" }));
            Assert.That(Verbs(cluster, "jobset.x-k8s.io", "jobsets/finalizers"), Is.EqualTo(new[] { "update" }));
            Assert.That(Verbs(cluster, "batch", "jobs"), Is.EqualTo(crud));
            Assert.That(Verbs(cluster, "batch", "jobs/status"), Is.EqualTo(new[] { "get", "patch", "update" }));
            Assert.That(Verbs(cluster, "", "services"), Is.EqualTo(crud));
            Assert.That(Verbs(cluster, "", "pods"), Is.EqualTo(new[] { "delete", "get", "list", "patch", "update", "watch" }));
            Assert.That(Verbs(cluster, "", "pods/status"), Is.EqualTo(new[] { "patch" }));
            Assert.That(Verbs(cluster, "", "persistentvolumeclaims"), Is.EqualTo(new[] { "create", "delete", "get", "list", "watch" }));
            Assert.That(Verbs(cluster, "", "nodes"), Is.EqualTo(new[] { "get", "list", "watch" }));
            Assert.That(Verbs(cluster, "events.k8s.io", "events"), Is.EqualTo(new[] { "create", "patch", "update", "watch" }));
            Assert.That(Verbs(cluster, "admissionregistration.k8s.io", "validatingwebhookconfigurations"), Is.EqualTo(new[] { "get", "list", "patch", "update", "watch" }));
            Assert.That(Verbs(cluster, "", "secrets"), Is.Empty, "secrets only in the controller's namespace");
            Assert.That(Verbs(leader, "coordination.k8s.io", "leases"), Is.EqualTo(crud));
            Assert.That(Verbs(secrets, "", "secrets"), Is.EqualTo(new[] { "create", "get", "list", "update", "watch" }));
        });
    }

    [Test]
    public void Webhooks_use_upstream_s_paths_fail_closed_and_pods_only_with_the_JobSet_label()
    {
        var objects = Objects(CliRunner.Run("manifests"));
        var hooks = Find(objects, "MutatingWebhookConfiguration")["webhooks"]!.AsArray()
            .Concat(Find(objects, "ValidatingWebhookConfiguration")["webhooks"]!.AsArray())
            .ToDictionary(h => h!["name"]!.GetValue<string>(), h => h!);

        Assert.That(
            hooks.Select(h => (h.Key, h.Value["clientConfig"]!["service"]!["path"]!.GetValue<string>(), h.Value["failurePolicy"]!.GetValue<string>(), h.Value["objectSelector"] is not null)),
            Is.EqualTo(new[]
            {
                ("mjobset.kb.io", "/mutate-jobset-x-k8s-io-v1alpha2-jobset", "Fail", false),
                ("mpod.kb.io", "/mutate--v1-pod", "Fail", true),
                ("vjobset.kb.io", "/validate-jobset-x-k8s-io-v1alpha2-jobset", "Fail", false),
                ("vpod.kb.io", "/validate--v1-pod", "Fail", true),
            }));
        Assert.That(hooks["vpod.kb.io"]["objectSelector"]!.ToJsonString(), Is.EqualTo("""{"matchExpressions":[{"key":"jobset.sigs.k8s.io/jobset-name","operator":"Exists"}]}"""));
        Assert.That(hooks["vjobset.kb.io"]["rules"]![0]!["operations"]!.ToJsonString(), Is.EqualTo("""["CREATE","UPDATE"]"""));
    }
}
