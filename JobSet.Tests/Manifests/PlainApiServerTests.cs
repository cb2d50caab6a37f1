using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Store;
using JobSet.Kubernetes.Manifests;
using JobSet.Tests.Embedded.Api;
using JobSet.Tests.TestSupport;
using k8s;
using k8s.Autorest;

namespace JobSet.Tests.Manifests;

/// <summary>
/// The embedded cluster as a plain API server with the generated CRD applied: JobSets are then
/// checked by the CRD's schema (as on a real cluster), not by the built-in JobSet admission.
/// </summary>
public sealed class PlainApiServerTests : ApiTestBase
{
    protected override void Configure(EmbeddedClusterOptions options) => options.PlainApiServer = true;

    [OneTimeSetUp]
    public void ApplyCrd()
    {
        Assert.That(Cluster.Store.Get(ResourceType.CustomResourceDefinitions, null, JobSetCrd.Name), Is.Null, "a plain server starts without the JobSet CRD");
        Cluster.Store.Create(ResourceType.CustomResourceDefinitions, JobSetCrd.Create());
    }

    private static JsonObject Example(string name) =>
        ManifestReader.ReadObjects(File.ReadAllText(ExampleFiles.PathOf(name)), name).Single(o => o["kind"]?.GetValue<string>() == "JobSet");

    private async Task<JsonObject> CreateAsync(JsonObject jobSet)
    {
        jobSet["metadata"]!.AsObject().Remove("namespace");
        var created = await Client.CustomObjects.CreateNamespacedCustomObjectAsync(jobSet, "jobset.x-k8s.io", "v1alpha2", Ns, "jobsets");
        return JsonNode.Parse(((JsonElement)created).GetRawText())!.AsObject();
    }

    public static IEnumerable<string> Examples() => ExampleFiles.All();

    [TestCaseSource(nameof(Examples))]
    public async Task Every_example_is_accepted_by_the_generated_schema(string example)
    {
        var created = await CreateAsync(Example(example));

        Assert.That(created["metadata"]!["uid"], Is.Not.Null);
    }

    [Test]
    public async Task Schema_defaults_are_applied_and_webhook_defaults_are_not()
    {
        var jobSet = Example("simple.yaml");
        jobSet["metadata"]!["name"] = "plain-defaults";
        jobSet["spec"]!["replicatedJobs"]![0]!.AsObject().Remove("replicas");
        jobSet["spec"]!["replicatedJobs"]![0]!["unknownField"] = "pruned";

        var created = await CreateAsync(jobSet);
        var job = created["spec"]!["replicatedJobs"]![0]!;

        Assert.That((job["replicas"]!.GetValue<long>(), job["groupName"]!.GetValue<string>()), Is.EqualTo((1L, "default")));
        Assert.That(job["unknownField"], Is.Null, "pruned");
        Assert.That(created["spec"]!["successPolicy"], Is.Null, "successPolicy is defaulted by the webhook, which a plain server does not call");
    }

    [Test]
    public void A_wrongly_typed_field_is_422_Invalid_naming_it()
    {
        var jobSet = Example("simple.yaml");
        jobSet["metadata"]!["name"] = "plain-invalid";
        jobSet["spec"]!["replicatedJobs"]![0]!["replicas"] = "two";

        var ex = Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(jobSet));

        Assert.That(ex!.Response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(ex.Response.Content, Does.Contain("spec.replicatedJobs[0].replicas"));
    }
}
