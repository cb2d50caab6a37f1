using System.Text.Json.Nodes;
using JobSet.Core.Admission;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Manifests;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Manifests;

/// <summary>The generated JobSet CRD: its schema accepts what a JobSet may be and refuses wrongly typed fields.</summary>
public sealed class JobSetCrdSchemaTests
{
    private static readonly JsonObject Schema = JobSetCrd.OpenApiV3Schema();

    private static JsonObject At(string path)
    {
        JsonNode node = Schema;
        foreach (var part in path.Split('.'))
        {
            node = part == "[]" ? node["items"]! : node["properties"]![part]!;
        }

        return node.AsObject();
    }

    private static JsonObject Example(string name) =>
        ManifestReader.ReadObjects(File.ReadAllText(ExampleFiles.PathOf(name)), name).Single(o => o["kind"]?.GetValue<string>() == "JobSet");

    public static IEnumerable<string> Examples() => ExampleFiles.All();

    [TestCaseSource(nameof(Examples))]
    public void Every_example_is_valid_as_written_and_as_defaulted(string example)
    {
        var obj = Example(example);
        var defaulted = KubeSerializer.ToNode(JobSetDefaulter.Apply(ManifestReader.ToJobSet(obj, example)));

        Assert.That(SchemaValidator.Validate(obj, Schema), Is.Empty, "as written");
        Assert.That(SchemaValidator.Validate(defaulted, Schema), Is.Empty, "as defaulted");
    }

    [TestCase("spec.replicatedJobs[0].replicas", "\"two\"", "must be of type integer")]
    [TestCase("spec.replicatedJobs[0].replicas", "-1", "greater than or equal to 0")]
    [TestCase("spec.suspend", "\"yes\"", "must be of type boolean")]
    [TestCase("spec.replicatedJobs[0].template", "5", "must be of type object")]
    [TestCase("spec.replicatedJobs[0].template.spec.template.spec.containers", "\"busybox\"", "must be of type array")]
    [TestCase("spec.replicatedJobs[0].template.spec.template.spec.containers[0].ports", "[{\"containerPort\":\"http\"}]", "containerPort")]
    [TestCase("spec.replicatedJobs[0].template.spec.template.spec.containers[0].resources", "{\"limits\":{\"cpu\":\"lots\"}}", "should match")]
    [TestCase("spec.replicatedJobs[0].template.spec.template.spec.containers[0].resources", "{\"limits\":{\"cpu\":true}}", "integer or string")]
    [TestCase("spec.replicatedJobs[0].template.spec.template.spec.containers[0].env", "[{\"value\":\"x\"}]", "env[0].name: Required value")]
    [TestCase("spec.replicatedJobs[0].template.spec.template.metadata.labels", "{\"a\":1}", "must be of type string")]
    [TestCase("spec.failurePolicy", "{\"restartStrategy\":\"Sometimes\"}", "Unsupported value")]
    [TestCase("spec.successPolicy", "{\"targetReplicatedJobs\":[\"w\"]}", "operator: Required value")]
    [TestCase("spec.ttlSecondsAfterFinished", "1.5", "must be of type integer")]
    [TestCase("spec.volumeClaimPolicies", "{}", "must be of type array")]
    public void A_wrongly_typed_field_is_refused_naming_it(string path, string json, string expected)
    {
        var obj = Example("simple.yaml");
        Set(obj, path, JsonNode.Parse(json));

        var errors = SchemaValidator.Validate(obj, Schema);

        Assert.That(errors, Has.Some.Contains(expected));
        Assert.That(errors, Has.All.StartsWith(path.Split('[')[0]));
    }

    [Test]
    public void Duplicate_replicated_job_names_and_too_many_dependencies_are_refused()
    {
        var obj = Example("simple.yaml");
        var jobs = obj["spec"]!["replicatedJobs"]!.AsArray();
        jobs.Add(jobs[0]!.DeepClone());
        var dependsOn = new JsonArray([.. Enumerable.Range(0, 6).Select(i => (JsonNode?)new JsonObject { ["name"] = $"j{i}", ["status"] = "Ready" })]);
        jobs[1]!["dependsOn"] = dependsOn;

        var errors = SchemaValidator.Validate(obj, Schema);

        Assert.That(errors, Has.Some.Contains("spec.replicatedJobs[1]: Duplicate value"));
        Assert.That(errors, Has.Some.Contains("spec.replicatedJobs[1].dependsOn: Too many: 6"));
    }

    [Test]
    public void Upstream_s_markers_are_declared()
    {
        Assert.Multiple(() =>
        {
            Assert.That(At("spec.replicatedJobs.[].replicas").ToJsonString(), Is.EqualTo("""{"default":1,"description":"How many Jobs to create (defaults to 1).","format":"int32","minimum":0,"type":"integer"}"""));
            Assert.That(At("spec.replicatedJobs.[].groupName")["default"]!.GetValue<string>(), Is.EqualTo("default"));
            Assert.That(At("spec.replicatedJobs")["x-kubernetes-list-map-keys"]!.ToJsonString(), Is.EqualTo("""["name"]"""));
            Assert.That(At("spec.replicatedJobs.[]")["required"]!.ToJsonString(), Is.EqualTo("""["name","template"]"""));
            Assert.That(At("spec.replicatedJobs.[].dependsOn")["maxItems"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(At("spec.replicatedJobs.[].dependsOn.[].status")["enum"]!.ToJsonString(), Is.EqualTo("""["Ready","Complete"]"""));
            Assert.That(At("spec.failurePolicy.restartStrategy")["enum"]!.ToJsonString(), Is.EqualTo("""["Recreate","BlockingRecreate","InPlaceRestart"]"""));
            Assert.That(At("spec.failurePolicy.rules.[].action")["enum"]!.AsArray(), Has.Count.EqualTo(5));
            Assert.That(At("spec.volumeClaimPolicies")["maxItems"]!.GetValue<int>(), Is.EqualTo(50));
            Assert.That(At("spec.volumeClaimPolicies.[].retentionPolicy.whenDeleted")["default"]!.GetValue<string>(), Is.EqualTo("Delete"));
            Assert.That(At("status.replicatedJobsStatus.[].jobRestarts")["maxItems"]!.GetValue<int>(), Is.EqualTo(1024));
            Assert.That(At("status.conditions.[].reason")["pattern"], Is.Not.Null);
        });
    }

    [TestCase("spec.network")]
    [TestCase("spec.successPolicy")]
    [TestCase("spec.failurePolicy")]
    [TestCase("spec.startupPolicy")]
    [TestCase("spec.volumeClaimPolicies")]
    [TestCase("spec.replicatedJobs.[].dependsOn")]
    public void Immutable_fields_carry_the_self_equals_old_self_rule(string path) =>
        Assert.That(At(path)["x-kubernetes-validations"]!.ToJsonString(), Is.EqualTo("""[{"message":"Value is immutable","rule":"self == oldSelf"}]"""));

    [Test]
    public void The_spec_and_volume_claim_policies_carry_upstream_s_other_CEL_rules()
    {
        Assert.That(At("spec")["x-kubernetes-validations"]![0]!["message"]!.GetValue<string>(), Is.EqualTo("StartupPolicy and DependsOn APIs are mutually exclusive"));
        Assert.That(At("spec.volumeClaimPolicies.[]")["x-kubernetes-validations"]![0]!["rule"]!.GetValue<string>(), Does.StartWith("self.templates.all("));
    }

    [Test]
    public void Kubernetes_types_map_to_their_wire_forms()
    {
        var container = "spec.replicatedJobs.[].template.spec.template.spec.containers.[]";
        Assert.Multiple(() =>
        {
            Assert.That(At($"{container}.resources.limits")["additionalProperties"]!["pattern"]!.GetValue<string>(), Is.EqualTo(SchemaGenerator.QuantityPattern));
            Assert.That(At($"{container}.resources.limits")["additionalProperties"]!["x-kubernetes-int-or-string"]!.GetValue<bool>(), Is.True);
            Assert.That(At($"{container}.livenessProbe.httpGet.port")["x-kubernetes-int-or-string"]!.GetValue<bool>(), Is.True);
            Assert.That(At($"{container}.ports")["x-kubernetes-list-map-keys"]!.ToJsonString(), Is.EqualTo("""["containerPort","protocol"]"""));
            Assert.That(At($"{container}.ports.[].protocol")["default"]!.GetValue<string>(), Is.EqualTo("TCP"));
            Assert.That(At($"{container}.ports.[]")["required"]!.ToJsonString(), Is.EqualTo("""["containerPort"]"""));
            Assert.That(At("spec.replicatedJobs.[].template.spec.template.metadata.labels")["additionalProperties"]!["type"]!.GetValue<string>(), Is.EqualTo("string"));
            Assert.That(At("spec.replicatedJobs.[].template.metadata")["properties"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "annotations", "finalizers", "labels", "name", "namespace" }));
            Assert.That(At("status.conditions.[].lastTransitionTime")["format"]!.GetValue<string>(), Is.EqualTo("date-time"));
            Assert.That(At("spec.replicatedJobs.[].template.spec.activeDeadlineSeconds")["format"]!.GetValue<string>(), Is.EqualTo("int64"));
            Assert.That(At("metadata").ToJsonString(), Is.EqualTo("""{"type":"object"}"""));
        });
    }

    [Test]
    public void The_schema_is_structural_every_node_has_a_type_or_is_int_or_string()
    {
        var untyped = new List<string>();
        void Walk(JsonObject node, string path)
        {
            if (node["type"] is null && node["x-kubernetes-int-or-string"] is null && node["x-kubernetes-preserve-unknown-fields"] is null)
            {
                untyped.Add(path);
            }

            foreach (var (name, child) in node["properties"] as JsonObject ?? [])
            {
                Walk(child!.AsObject(), $"{path}.{name}");
            }

            if (node["items"] is JsonObject items)
            {
                Walk(items, path + "[]");
            }

            if (node["additionalProperties"] is JsonObject values)
            {
                Walk(values, path + "{}");
            }
        }

        Walk(Schema, "");

        Assert.That(untyped, Is.Empty);
    }

    [Test]
    public void Descriptions_come_from_the_model_s_documentation()
    {
        Assert.That(At("spec.replicatedJobs")["description"]!.GetValue<string>(), Is.EqualTo("The groups of identical Jobs this JobSet runs."));
        Assert.That(At("spec.replicatedJobs.[].name")["description"]!.GetValue<string>(), Does.Contain("unique within the JobSet"));
    }

    [Test]
    public void Kubernetes_descriptions_come_from_KubernetesClient_s_documentation() =>
        Assert.That(
            At("spec.replicatedJobs.[].template.spec.template.spec.containers")["description"]?.GetValue<string>(),
            Is.EqualTo("List of containers belonging to the pod."));

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        JsonNode node = root;
        var parts = path.Split('.');
        foreach (var part in parts[..^1])
        {
            node = Step(node, part);
        }

        var last = parts[^1];
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            node = node[last[..bracket]]!;
            node[int.Parse(last[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            node[last] = value;
        }
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return node[part] ??= new JsonObject();
        }

        return node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
    }
}
