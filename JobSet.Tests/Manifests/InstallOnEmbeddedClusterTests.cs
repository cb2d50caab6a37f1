using JobSet.Tests.Embedded.Api;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Manifests;

/// <summary>kubectl (v1.32 on PATH) with the generated install: apply it, and explain JobSets from the served schema.</summary>
public sealed class InstallOnEmbeddedClusterTests : KubectlTestBase
{
    [Test]
    public async Task Jobset_manifests_piped_to_kubectl_apply_succeeds_and_a_second_apply_changes_nothing()
    {
        var manifests = CliRunner.Run("manifests", "--namespace", "jobset-install-test").Out;

        var first = await Kubectl.RunWithInputAsync(manifests, "apply", "-f", "-");
        var second = await Kubectl.RunWithInputAsync(manifests, "apply", "-f", "-");
        var deployment = await Kubectl.RunAsync("get", "deployment", "jobset-controller-manager", "-n", "jobset-install-test", "-o", "jsonpath={.spec.replicas}");

        Assert.That(first.Exit, Is.Zero, first.Err);
        Assert.That(first.Out, Does.Contain("customresourcedefinition.apiextensions.k8s.io/jobsets.jobset.x-k8s.io"));
        Assert.That(first.Out, Does.Contain("validatingwebhookconfiguration.admissionregistration.k8s.io/jobset-validating-webhook-configuration created"));
        Assert.That(second.Exit, Is.Zero, second.Err);
        Assert.That(second.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.All.EndsWith("unchanged").Or.EndsWith("configured"));
        Assert.That(deployment.Out, Is.EqualTo("2"));
    }

    [Test]
    public async Task Kubectl_explain_shows_the_replicated_jobs_fields_and_their_descriptions()
    {
        var explained = await Kubectl.RunAsync("explain", "jobset.spec.replicatedJobs");

        Assert.That(explained.Exit, Is.Zero, explained.Err);
        Assert.That(explained.Out, Does.Contain("The groups of identical Jobs this JobSet runs."));
        Assert.That(explained.Out, Does.Contain("replicas\t<integer>").Or.Contain("replicas   <integer>").Or.Match(@"replicas\s+<integer>"));
        Assert.That(explained.Out, Does.Match(@"template\s+<Object> -required-"));
    }

    [Test]
    public async Task Kubectl_explain_reaches_into_the_pod_template()
    {
        var explained = await Kubectl.RunAsync("explain", "jobset.spec.replicatedJobs.template.spec.template.spec.containers.ports");

        Assert.That(explained.Exit, Is.Zero, explained.Err);
        Assert.That(explained.Out, Does.Match(@"containerPort\s+<integer> -required-"));
    }

    [Test]
    public async Task Kubectl_explain_from_openapi_v2_shows_the_same_fields()
    {
        // kubectl decodes the protobuf v2 document (gnostic) here: the old clients' path.
        var explained = await Kubectl.RunAsync("explain", "jobset.spec.replicatedJobs", "--output=plaintext-openapiv2");

        Assert.That(explained.Exit, Is.Zero, explained.Err);
        Assert.That(explained.Out, Does.Contain("The groups of identical Jobs this JobSet runs."));
        Assert.That(explained.Out, Does.Match(@"replicas\s+<integer>"));
        Assert.That(explained.Out, Does.Match(@"template\s+<Object> -required-"));
    }

    [Test]
    public async Task Openapi_v2_json_has_the_jobset_definition_with_the_v3_documents_properties()
    {
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress };

        var v2 = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri("/openapi/v2", UriKind.Relative)))!;
        var v3 = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri("/openapi/v3/apis/jobset.x-k8s.io/v1alpha2", UriKind.Relative)))!;

        var definition = v2["definitions"]!["io.x-k8s.jobset.v1alpha2.JobSet"]!;
        var component = v3["components"]!["schemas"]!["io.x-k8s.jobset.v1alpha2.JobSet"]!;
        Assert.That(definition["properties"]!["spec"]!["properties"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(component["properties"]!["spec"]!["properties"]!.AsObject().Select(p => p.Key)));
        Assert.That(definition["x-kubernetes-group-version-kind"]!.ToJsonString(), Is.EqualTo(component["x-kubernetes-group-version-kind"]!.ToJsonString()));
        Assert.That(definition.ToJsonString(), Does.Not.Contain("\"anyOf\""), "v2 has no anyOf: int-or-string fields are untyped");
        Assert.That(v2["paths"]!.AsObject().Select(p => p.Key), Does.Contain("/apis/jobset.x-k8s.io/v1alpha2/namespaces/{namespace}/jobsets/{name}"));
    }
}
