using System.Text.Json;
using System.Text.Json.Nodes;
using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Admission;
using JobSet.Kubernetes.Embedded.Store;
using k8s;

namespace JobSet.Tests.Embedded.Api;

/// <summary>Admission in the request path: JobSet defaulting and validation, pluggable admission, feature gates.</summary>
public sealed class AdmissionTests : ApiTestBase
{
    protected override void Configure(EmbeddedClusterOptions options) => options.FeatureGates = new FeatureGates(RestartJob: true);

    [OneTimeSetUp]
    public void AddTestPlugin() => Cluster.Store.Admission.Add(new RejectLabelled());

    [Test]
    public async Task A_created_JobSet_is_stored_defaulted()
    {
        var name = Name("js");

        await CreateJobSet(JobSetJson(name));

        var stored = Cluster.Store.Get(ResourceType.JobSets, Ns, name)!;
        var rjob = stored["spec"]!["replicatedJobs"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(rjob["groupName"]?.GetValue<string>(), Is.EqualTo("default"));
            Assert.That(rjob["replicas"]?.GetValue<int>(), Is.EqualTo(1));
            Assert.That(stored["spec"]!["successPolicy"]?["operator"]?.GetValue<string>(), Is.EqualTo("All"));
        });
    }

    [Test]
    public async Task Unknown_spec_fields_are_pruned_as_by_a_structural_schema()
    {
        var name = Name("prune");
        var body = JobSetJson(name);
        body["spec"]!["bogusField"] = 1;

        await CreateJobSet(body);

        Assert.That(Cluster.Store.Get(ResourceType.JobSets, Ns, name)!["spec"]!.AsObject().ContainsKey("bogusField"), Is.False);
    }

    [Test]
    public async Task An_update_is_defaulted_too()
    {
        var name = Name("upd");
        await CreateJobSet(JobSetJson(name));
        var stored = Cluster.Store.Get(ResourceType.JobSets, Ns, name)!;
        stored["spec"]!["replicatedJobs"]![0]!.AsObject().Remove("groupName");

        await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(stored, ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural, name);

        Assert.That(Cluster.Store.Get(ResourceType.JobSets, Ns, name)!["spec"]!["replicatedJobs"]![0]!["groupName"]?.GetValue<string>(), Is.EqualTo("default"));
    }

    /// <summary>Whatever JobSetValidator decides for these JobSets, the API answers the same: created, or 422 listing its errors.</summary>
    [TestCase("Bad_Name")]
    [TestCase("duplicate")]
    [TestCase("a-very-long-replicated-job-name-that-exceeds-the-limits-of-dns-labels-for-sure")]
    public async Task Create_enforces_exactly_what_the_validator_decides(string replicatedJobName)
    {
        var name = Name("val");
        var body = JobSetJson(name, replicatedJobName);
        if (replicatedJobName == "duplicate")
        {
            ((JsonArray)body["spec"]!["replicatedJobs"]!).Add(body["spec"]!["replicatedJobs"]![0]!.DeepClone());
        }

        body["metadata"]!["namespace"] = Ns;
        var typed = JobSetDefaulter.Apply(KubeSerializer.FromNode<V1alpha2JobSet>(body, "test"));
        var expected = JobSetValidator.ValidateCreate(typed, new FeatureGates(RestartJob: true), []);

        if (expected.IsValid)
        {
            await CreateJobSet(body);
            Assert.That(Cluster.Store.Get(ResourceType.JobSets, Ns, name), Is.Not.Null);
            return;
        }

        var (code, reason, message) = await Failure(() => CreateJobSet(body));
        Assert.That((code, reason), Is.EqualTo((422, "Invalid")));
        Assert.That(message, Does.StartWith($"JobSet.jobset.x-k8s.io \"{name}\" is invalid: "));
        foreach (var error in expected.Errors)
        {
            Assert.That(message, Does.Contain($"{error.Path}: {error.Message}"));
        }
    }

    [Test]
    public async Task An_invalid_JobSet_name_is_refused_with_a_422_naming_the_JobSet()
    {
        var (code, reason, message) = await Failure(() => CreateJobSet(JobSetJson("Not_Valid")));

        Assert.That((code, reason), Is.EqualTo((422, "Invalid")));
        Assert.That(message, Does.StartWith("JobSet.jobset.x-k8s.io \"Not_Valid\" is invalid: metadata.name: Invalid value: \"Not_Valid\""));
    }

    [Test]
    public async Task A_rejecting_plugin_gives_a_422_status_with_field_causes()
    {
        var cm = ConfigMap("refused", new Dictionary<string, string> { ["reject"] = "yes" });

        var ex = Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => Client.CoreV1.CreateNamespacedConfigMapAsync(cm, Ns));
        var status = KubernetesJson.Deserialize<k8s.Models.V1Status>(ex!.Response.Content);

        Assert.Multiple(() =>
        {
            Assert.That((status.Code, status.Reason), Is.EqualTo(((int?)422, "Invalid")));
            Assert.That(status.Message, Is.EqualTo("ConfigMap \"refused\" is invalid: [data: Required value, metadata.labels[reject]: Invalid value: \"yes\": not allowed]"));
            Assert.That(status.Details.Causes.Select(c => c.Field), Is.EqualTo(new[] { "data", "metadata.labels[reject]" }));
        });
        await Task.CompletedTask;
    }

    [Test]
    public void Feature_gates_of_the_cluster_reach_JobSet_admission()
    {
        var plugin = Cluster.Store.Admission.OfType<JobSetAdmission>().Single();

        Assert.That(plugin.Gates, Is.EqualTo(new FeatureGates(RestartJob: true)));
    }

    [Test]
    public async Task A_JobSet_body_with_a_wrong_field_type_is_400()
    {
        var body = JobSetJson(Name("bad"));
        body["spec"]!["replicatedJobs"]![0]!["replicas"] = "many";

        var (code, reason, message) = await Failure(() => CreateJobSet(body));

        Assert.That((code, reason), Is.EqualTo((400, "BadRequest")));
        Assert.That(message, Does.Contain("replicas"));
    }

    // Defaulting and validation read every list item; a null one used to end in a
    // NullReferenceException (a 500). The API server's schema check refuses it with a 4xx.
    [TestCase("replicatedJobs", "spec.replicatedJobs[1]")]
    [TestCase("volumeClaimPolicies", "spec.volumeClaimPolicies[0]")]
    public async Task A_JobSet_body_with_a_null_list_item_is_400_naming_the_item(string list, string path)
    {
        var body = JobSetJson(Name("null"));
        var spec = body["spec"]!.AsObject();
        if (spec[list] is JsonArray items)
        {
            items.Add(null);
        }
        else
        {
            spec[list] = new JsonArray((JsonNode?)null);
        }

        var (code, reason, message) = await Failure(() => CreateJobSet(body));

        Assert.That((code, reason, message), Is.EqualTo((400, "BadRequest", $"JobSet.jobset.x-k8s.io \"{body["metadata"]!["name"]}\": field {path}: a list item must not be null")));
    }

    private Task<object> CreateJobSet(JsonObject body) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(JsonSerializer.Deserialize<JsonElement>(body.ToJsonString()), ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural);

    internal static JsonObject JobSetJson(string name, string replicatedJobName = "workers") => new()
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = ApiGroup.JobSetKind,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["replicatedJobs"] = new JsonArray(new JsonObject
            {
                ["name"] = replicatedJobName,
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["parallelism"] = 1,
                        ["completions"] = 1,
                        ["template"] = new JsonObject
                        {
                            ["spec"] = new JsonObject
                            {
                                ["restartPolicy"] = "Never",
                                ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }),
                            },
                        },
                    },
                },
            }),
        },
    };

    private sealed class RejectLabelled : IAdmissionPlugin
    {
        public void Admit(AdmissionRequest request)
        {
            if (request.Resource == ResourceType.ConfigMaps && ObjectMeta.Labels(request.Object).TryGetValue("reject", out var value))
            {
                throw StoreException.Invalid(request.Resource, ObjectMeta.Name(request.Object) ?? "", [
                    new StoreCause("data", "Required value", "FieldValueRequired"),
                    new StoreCause("metadata.labels[reject]", $"Invalid value: \"{value}\": not allowed"),
                ]);
            }
        }
    }
}
