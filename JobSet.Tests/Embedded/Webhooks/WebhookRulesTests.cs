using JobSet.Kubernetes.Embedded.Admission.Webhooks;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Webhooks;

/// <summary>Which requests a webhook rule covers, as kube-apiserver's rule matcher decides.</summary>
public sealed class WebhookRulesTests
{
    [TestCase("jobsets", "CREATE", "", "CREATE", true)]
    [TestCase("jobsets", "CREATE", "status", "UPDATE", false)]
    [TestCase("jobsets", "UPDATE", "status", "UPDATE", false, TestName = "jobsets does not cover jobsets/status")]
    [TestCase("jobsets/status", "UPDATE", "status", "UPDATE", true)]
    [TestCase("jobsets/status", "UPDATE", "", "UPDATE", false)]
    [TestCase("jobsets/*", "UPDATE", "status", "UPDATE", true)]
    [TestCase("jobsets/*", "UPDATE", "", "UPDATE", true)]
    [TestCase("*", "UPDATE", "", "UPDATE", true)]
    [TestCase("*", "UPDATE", "status", "UPDATE", false, TestName = "star covers main resources only")]
    [TestCase("*/status", "UPDATE", "status", "UPDATE", true)]
    [TestCase("*/*", "UPDATE", "status", "UPDATE", true)]
    [TestCase("pods", "CREATE", "", "CREATE", false, TestName = "another resource")]
    [TestCase("jobsets", "*", "", "DELETE", true)]
    [TestCase("jobsets", "CREATE", "", "UPDATE", false)]
    public void Rule_resources_and_operations(string resource, string ruleOperation, string subresource, string operation, bool covered)
    {
        var rule = new V1RuleWithOperations { ApiGroups = ["jobset.x-k8s.io"], ApiVersions = ["v1alpha2"], Operations = [ruleOperation], Resources = [resource] };

        Assert.That(WebhookRules.Cover([rule], operation, ResourceType.JobSets, subresource), Is.EqualTo(covered));
    }

    [TestCase("*", "*", true)]
    [TestCase("batch", "*", false)]
    [TestCase("jobset.x-k8s.io", "v1", false)]
    [TestCase("jobset.x-k8s.io", "*", true)]
    public void Rule_groups_and_versions(string group, string version, bool covered)
    {
        var rule = new V1RuleWithOperations { ApiGroups = [group], ApiVersions = [version], Operations = ["*"], Resources = ["*"] };

        Assert.That(WebhookRules.Cover([rule], "CREATE", ResourceType.JobSets, ""), Is.EqualTo(covered));
    }

    [TestCase("Namespaced", "jobsets", true)]
    [TestCase("Cluster", "jobsets", false)]
    [TestCase("Cluster", "nodes", true)]
    [TestCase("Namespaced", "nodes", false)]
    [TestCase("*", "nodes", true)]
    public void Rule_scope(string scope, string plural, bool covered)
    {
        var type = plural == "nodes" ? ResourceType.Nodes : ResourceType.JobSets;
        var rule = new V1RuleWithOperations { ApiGroups = ["*"], ApiVersions = ["*"], Operations = ["*"], Resources = ["*"], Scope = scope };

        Assert.That(WebhookRules.Cover([rule], "CREATE", type, ""), Is.EqualTo(covered));
    }
}
