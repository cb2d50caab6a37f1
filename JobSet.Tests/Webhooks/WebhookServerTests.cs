using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using JobSet.Core.Api;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded.Store;
using JobSet.Kubernetes.Webhooks;
using JobSet.Tests.TestSupport;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JobSet.Tests.Webhooks;

/// <summary>The four webhooks over HTTP, with AdmissionReviews shaped as a real API server sends them.</summary>
public sealed class WebhookServerTests
{
    private WebApplication app = null!;
    private HttpClient http = null!;
    private readonly FakeLookups lookups = new();

    private sealed class FakeLookups : IClaimLookup, IPlacementLookup
    {
        public List<V1PersistentVolumeClaim> Claims { get; } = [];

        public List<V1Pod> Pods { get; } = [];

        public List<V1Node> Nodes { get; } = [];

        public Task<IReadOnlyCollection<V1PersistentVolumeClaim>> ClaimsAsync(string namespaceName, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyCollection<V1PersistentVolumeClaim>>([.. Claims.Where(c => c.Metadata.NamespaceProperty == namespaceName)]);

        public Task<IReadOnlyList<V1Pod>> PodsOfJobAsync(string namespaceName, string jobKey, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<V1Pod>>([.. Pods.Where(p => p.Metadata.NamespaceProperty == namespaceName && p.Metadata.Labels is { } l && l.TryGetValue(WellKnownKeys.JobKey, out var k) && k == jobKey)]);

        public Task<V1Node?> NodeAsync(string name, CancellationToken cancellationToken) => Task.FromResult(Nodes.FirstOrDefault(n => n.Metadata.Name == name));
    }

    [OneTimeSetUp]
    public async Task Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapJobSetWebhooks(new JobSetWebhooks(FeatureGates.Default, lookups, lookups));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        http = new HttpClient { BaseAddress = new Uri(address) };
        foreach (var obj in ManifestReader.ReadObjects(File.ReadAllText(Path.Combine(ExampleFiles.Folder, "placement", "observed.yaml")), "observed.yaml"))
        {
            if (obj["kind"]!.GetValue<string>() == "Pod")
            {
                lookups.Pods.Add(KubeSerializer.FromNode<V1Pod>(obj, "pod"));
            }
            else
            {
                lookups.Nodes.Add(KubeSerializer.FromNode<V1Node>(obj, "node"));
            }
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        http.Dispose();
        await app.DisposeAsync();
    }

    /// <summary>An AdmissionReview as kube-apiserver 1.32 posts it.</summary>
    private static string Review(string operation, string group, string version, string kind, string resource, JsonObject obj, JsonObject? oldObj = null) => new JsonObject
    {
        ["kind"] = "AdmissionReview",
        ["apiVersion"] = "admission.k8s.io/v1",
        ["request"] = new JsonObject
        {
            ["uid"] = "705ab4f5-6393-11e8-b7cc-42010a800002",
            ["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = resource },
            ["requestKind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
            ["requestResource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = resource },
            ["name"] = obj["metadata"]?["name"]?.DeepClone(),
            ["namespace"] = "default",
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "admin", ["groups"] = new JsonArray("system:authenticated") },
            ["object"] = obj,
            ["oldObject"] = oldObj,
            ["dryRun"] = false,
            ["options"] = new JsonObject { ["kind"] = operation == "CREATE" ? "CreateOptions" : "UpdateOptions", ["apiVersion"] = "meta.k8s.io/v1" },
        },
    }.ToJsonString();

    private async Task<JsonObject> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var review = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.That((review["apiVersion"]!.GetValue<string>(), review["kind"]!.GetValue<string>()), Is.EqualTo(("admission.k8s.io/v1", "AdmissionReview")));
        Assert.That(review["response"]!["uid"]!.GetValue<string>(), Is.EqualTo("705ab4f5-6393-11e8-b7cc-42010a800002"));
        return review["response"]!.AsObject();
    }

    private static JsonObject Example(string name) => ManifestReader.ReadObjects(File.ReadAllText(ExampleFiles.PathOf(name)), name)[0];

    /// <summary>The example as the validating webhook sees it: after the mutating webhooks.</summary>
    private static JsonObject Defaulted(string name) =>
        KubeSerializer.ToNode(Core.Admission.JobSetDefaulter.Apply(ManifestReader.ToJobSet(Example(name), name))).AsObject();

    private static JsonObject PodExample(string name) =>
        ManifestReader.ReadObjects(File.ReadAllText(Path.Combine(ExampleFiles.Folder, "placement", name)), name)[0];

    private static JsonNode? Patched(JsonObject original, JsonObject response) =>
        JsonPatch.Apply(original.DeepClone(), JsonNode.Parse(Convert.FromBase64String(response["patch"]!.GetValue<string>()))!);

    [Test]
    public async Task Mutate_jobset_answers_a_JSON_patch_that_yields_the_defaulted_JobSet()
    {
        var jobSet = Example("simple.yaml");

        var response = await PostAsync("/mutate-jobset-x-k8s-io-v1alpha2-jobset", Review("CREATE", ApiGroup.Name, ApiGroup.Version, "JobSet", "jobsets", jobSet));
        var patched = Patched(jobSet, response)!;

        Assert.That((response["allowed"]!.GetValue<bool>(), response["patchType"]!.GetValue<string>()), Is.EqualTo((true, "JSONPatch")));
        var expected = KubeSerializer.ToNode(Core.Admission.JobSetDefaulter.Apply(ManifestReader.ToJobSet(jobSet, "simple")))["spec"];
        Assert.That(JsonNode.DeepEquals(patched["spec"], expected), Is.True, patched["spec"]!.ToJsonString());
        Assert.That(JsonNode.DeepEquals(patched["metadata"], jobSet["metadata"]), Is.True, "metadata untouched");
    }

    [Test]
    public async Task Validate_jobset_create_allows_a_valid_JobSet_and_denies_an_invalid_one_with_the_field_errors()
    {
        var valid = Defaulted("simple.yaml");
        var invalid = Defaulted("simple.yaml");
        invalid["spec"]!["replicatedJobs"]![0]!["name"] = "Not_A_DNS_Label";

        var allowed = await PostAsync("/validate-jobset-x-k8s-io-v1alpha2-jobset", Review("CREATE", ApiGroup.Name, ApiGroup.Version, "JobSet", "jobsets", valid));
        var denied = await PostAsync("/validate-jobset-x-k8s-io-v1alpha2-jobset", Review("CREATE", ApiGroup.Name, ApiGroup.Version, "JobSet", "jobsets", invalid));

        Assert.That(allowed["allowed"]!.GetValue<bool>(), Is.True, allowed.ToJsonString());
        Assert.That((denied["allowed"]!.GetValue<bool>(), denied["status"]!["code"]!.GetValue<int>()), Is.EqualTo((false, 403)));
        Assert.That(denied["status"]!["message"]!.GetValue<string>(), Does.Contain("spec.replicatedJobs"));
    }

    [Test]
    public async Task Validate_jobset_update_denies_a_change_to_an_immutable_field()
    {
        var old = Defaulted("simple.yaml");
        var changed = Defaulted("simple.yaml");
        changed["spec"]!["replicatedJobs"]![0]!["replicas"] = 5;

        var denied = await PostAsync("/validate-jobset-x-k8s-io-v1alpha2-jobset", Review("UPDATE", ApiGroup.Name, ApiGroup.Version, "JobSet", "jobsets", changed, old));

        Assert.That(denied["allowed"]!.GetValue<bool>(), Is.False);
        Assert.That(denied["status"]!["message"]!.GetValue<string>(), Does.Contain("immutable"));
    }

    [Test]
    public async Task Mutate_pod_gives_a_follower_its_leader_s_topology_nodeSelector()
    {
        var follower = PodExample("follower-pod.yaml");

        var response = await PostAsync("/mutate--v1-pod", Review("CREATE", "", "v1", "Pod", "pods", follower));
        var patched = Patched(follower, response)!;

        Assert.That(response["allowed"]!.GetValue<bool>(), Is.True);
        Assert.That(patched["spec"]!["nodeSelector"]!["example.com/rack"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task Validate_pod_denies_a_follower_whose_leader_is_not_scheduled()
    {
        var follower = PodExample("follower-pod.yaml");
        follower["metadata"]!["labels"]![WellKnownKeys.JobKey] = "no-such-job";
        follower["metadata"]!["annotations"]![WellKnownKeys.JobKey] = "no-such-job";

        var denied = await PostAsync("/validate--v1-pod", Review("CREATE", "", "v1", "Pod", "pods", follower));

        Assert.That((denied["allowed"]!.GetValue<bool>(), denied["status"]!["code"]!.GetValue<int>()), Is.EqualTo((false, 403)));
    }

    [Test]
    public async Task A_pod_that_is_not_a_JobSet_pod_is_allowed_without_a_patch()
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "plain" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
        };

        var response = await PostAsync("/mutate--v1-pod", Review("CREATE", "", "v1", "Pod", "pods", pod));

        Assert.That((response["allowed"]!.GetValue<bool>(), response["patch"]), Is.EqualTo((true, (JsonNode?)null)));
    }

    [TestCase("not json")]
    [TestCase("{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"x\"}}")]
    [TestCase("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}")]
    public async Task A_body_that_is_not_a_v1_AdmissionReview_is_400_with_one_line(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/validate--v1-pod", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.That((response.StatusCode, text.TrimEnd('\n').Contains('\n', StringComparison.Ordinal)), Is.EqualTo((HttpStatusCode.BadRequest, false)));
    }
}
