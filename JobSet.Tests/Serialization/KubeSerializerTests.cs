using System.Collections.Immutable;
using System.Text.Json.Nodes;
using JobSet.Core.Api;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Tests.Serialization;

/// <summary>The wire format: timestamp normalisation, the one-line errors of a wrong field type, unknown fields.</summary>
public class KubeSerializerTests
{
    private static readonly DateTime Whole = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static V1alpha2JobSet WithCondition(DateTime time) => new()
    {
        ApiVersion = ApiGroup.ApiVersion,
        Kind = ApiGroup.JobSetKind,
        Metadata = new V1ObjectMeta { Name = "a", CreationTimestamp = time },
        Status = new V1alpha2JobSetStatus
        {
            Conditions = [new V1Condition { Type = "Completed", Status = "True", Reason = "R", Message = "M", LastTransitionTime = time }],
        },
    };

    [Test]
    public void Timestamps_with_a_zero_fraction_are_written_with_whole_seconds_in_objects_and_lists()
    {
        var node = KubeSerializer.ToNode(WithCondition(Whole));

        Assert.Multiple(() =>
        {
            Assert.That(node["metadata"]!["creationTimestamp"]!.GetValue<string>(), Is.EqualTo("2026-01-02T03:04:05Z"));
            Assert.That(node["status"]!["conditions"]![0]!["lastTransitionTime"]!.GetValue<string>(), Is.EqualTo("2026-01-02T03:04:05Z"));
        });
    }

    [Test]
    public void Timestamps_with_a_fraction_keep_it()
    {
        var node = KubeSerializer.ToNode(WithCondition(Whole.AddMilliseconds(500)));

        Assert.That(node["status"]!["conditions"]![0]!["lastTransitionTime"]!.GetValue<string>(), Does.StartWith("2026-01-02T03:04:05.5").And.EndWith("Z"));
    }

    [Test]
    public void Only_whole_timestamp_strings_are_normalised()
    {
        var jobSet = WithCondition(Whole);
        jobSet.Metadata.Annotations = new Dictionary<string, string>
        {
            ["embedded"] = "at 2026-01-02T03:04:05.000Z",
            ["fraction"] = "2026-01-02T03:04:05.000Z",
        };

        var annotations = KubeSerializer.ToNode(jobSet)["metadata"]!["annotations"]!;

        Assert.Multiple(() =>
        {
            Assert.That(annotations["embedded"]!.GetValue<string>(), Is.EqualTo("at 2026-01-02T03:04:05.000Z"));
            Assert.That(annotations["fraction"]!.GetValue<string>(), Is.EqualTo("2026-01-02T03:04:05Z"));
        });
    }

    [Test]
    public void Json_is_indented_and_ends_with_a_newline()
    {
        var json = KubeSerializer.ToJson(new V1ObjectMeta { Name = "a" });

        Assert.That(json, Is.EqualTo("{\n  \"name\": \"a\"\n}\n").Or.EqualTo("{\r\n  \"name\": \"a\"\r\n}\n"));
    }

    [Test]
    public void Yaml_is_the_normalised_json_as_yaml()
    {
        Assert.That(KubeSerializer.ToYaml(new V1ObjectMeta { Name = "a", CreationTimestamp = Whole }), Is.EqualTo("creationTimestamp: \"2026-01-02T03:04:05Z\"\nname: a\n").Or.EqualTo("name: a\ncreationTimestamp: \"2026-01-02T03:04:05Z\"\n").Or.EqualTo("creationTimestamp: 2026-01-02T03:04:05Z\nname: a\n"));
    }

    [TestCase("{\"spec\":{\"replicatedJobs\":[{\"name\":\"w\",\"replicas\":\"many\"}]}}", "src: field spec.replicatedJobs[0].replicas: wrong type, expected an integer")]
    [TestCase("{\"metadata\":{\"generation\":\"x\"}}", "src: field metadata.generation: wrong type, expected an integer")]
    [TestCase("{\"spec\":{\"suspend\":\"maybe\"}}", "src: field spec.suspend: wrong type, expected a boolean (true or false)")]
    [TestCase("{\"spec\":{\"managedBy\":{}}}", "src: field spec.managedBy: wrong type, expected a string")]
    [TestCase("{\"spec\":{\"replicatedJobs\":{}}}", "src: field spec.replicatedJobs: wrong type, expected a list")]
    [TestCase("{\"metadata\":{\"labels\":[]}}", "src: field metadata.labels: wrong type, expected a map")]
    [TestCase("{\"spec\":{\"network\":5}}", "src: field spec.network: wrong type, expected an object (V1alpha2Network)")]
    public void A_wrong_field_type_is_one_line_naming_the_field_and_the_expected_type(string json, string message)
    {
        var ex = Assert.Throws<ManifestException>(() => KubeSerializer.FromNode<V1alpha2JobSet>(JsonNode.Parse(json)!, "src"))!;

        Assert.That(ex.Message, Is.EqualTo(message));
    }

    private static TestCaseData Read<T>(string json, string message) =>
        new TestCaseData(new Func<JsonNode, object?>(node => KubeSerializer.FromNode<T>(node, "src")), json, message)
            .SetArgDisplayNames(typeof(T).Name, json);

    private static IEnumerable<TestCaseData> WrongTypes()
    {
        // The whole document of the wrong type: the path is "$", which names no field.
        yield return Read<V1alpha2JobSet>("[1]", "src: wrong type, expected an object (V1alpha2JobSet)");
        yield return Read<V1alpha2JobSet>("\"x\"", "src: wrong type, expected an object (V1alpha2JobSet)");
        yield return Read<List<string>>("{}", "src: wrong type, expected a list");
        yield return Read<Dictionary<string, string>>("[]", "src: wrong type, expected a map");
        yield return Read<V1JSONSchemaProps>("{\"maximum\":\"x\"}", "src: field maximum: wrong type, expected a number");
        // Types written as strings or numbers on the wire, though their CLR types are neither.
        yield return Read<V1ObjectMeta>("{\"creationTimestamp\":5}", "src: field creationTimestamp: wrong type, expected a timestamp (an RFC 3339 string)");
        yield return Read<V1Secret>("{\"data\":{\"k\":5}}", "src: field data.k: wrong type, expected a base64 string");
        yield return Read<V1ResourceRequirements>("{\"limits\":{\"cpu\":true}}", "src: field limits.cpu: wrong type, expected a quantity (such as 500m or 2Gi)");
        // IntOrString's converter refuses other values with NotSupportedException, not JsonException.
        yield return Read<V1HTTPGetAction>("{\"port\":true}", "src: field port: wrong type, expected an integer or a string");
        yield return Read<V1HTTPGetAction>("{\"port\":{}}", "src: field port: wrong type, expected an integer or a string");
        yield return Read<IntOrString>("[]", "src: wrong type, expected an integer or a string");
        // A null list item (the models would carry it to every reader; a CRD's schema refuses it).
        yield return Read<V1alpha2JobSet>("{\"spec\":{\"replicatedJobs\":[{\"name\":\"a\"},null]}}", "src: field spec.replicatedJobs[1]: a list item must not be null");
        yield return Read<V1PodSpec>("{\"containers\":[{\"name\":\"c\",\"args\":[\"a\",null]}]}", "src: field containers[0].args[1]: a list item must not be null");
        yield return Read<List<List<string>>>("[[\"a\"],[\"b\",null]]", "src: field [1][1]: a list item must not be null");
        yield return Read<List<string>>("[null]", "src: field [0]: a list item must not be null");
        // A parse error's message is kept, one line: surrounding spaces of each line dropped, lines joined by one space.
        yield return Read<V1ObjectMeta>("{\"creationTimestamp\":\"a\\r\\n\\n  b\"}", "src: Unable to parse a b as RFC3339 RFC3339Micro or RFC3339Nano");
    }

    [TestCaseSource(nameof(WrongTypes))]
    public void A_wrong_type_anywhere_is_one_line_naming_the_field_when_there_is_one(Func<JsonNode, object?> read, string json, string message)
    {
        Assert.That(() => read(JsonNode.Parse(json)!), Throws.InstanceOf<ManifestException>().With.Message.EqualTo(message));
    }

    [Test]
    public void A_json_error_that_is_no_conversion_keeps_its_own_message()
    {
        // Deeper than the deserializer's 64 levels: only a node built in code gets there (every reader stops at 64).
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70);
        var node = JsonNode.Parse("{\"spec\":" + deep + "}", documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 200 })!;

        Assert.That(
            () => KubeSerializer.FromNode<V1alpha2JobSet>(node, "src"),
            Throws.InstanceOf<ManifestException>().With.Message.StartsWith("src: field spec.a: The maximum configured depth of 64 has been exceeded."));
    }

    [Test]
    public void A_value_that_serializes_to_json_null_is_refused_both_ways()
    {
        // An IntOrString without a value is written as JSON null.
        var nothing = new IntOrString();

        Assert.Multiple(() =>
        {
            Assert.That(() => KubeSerializer.ToNode(nothing), Throws.InvalidOperationException.With.Message.EqualTo("serializer produced null"));
            Assert.That(
                () => KubeSerializer.FromNode<V1alpha2JobSet>(JsonValue.Create(nothing)!, "src"),
                Throws.InstanceOf<ManifestException>().With.Message.EqualTo("src: the document is empty"));
        });
    }

    [Test]
    public void Zero_fraction_timestamps_are_normalised_inside_list_items_too()
    {
        var list = new JsonArray(
            new JsonObject { ["t"] = "2026-01-02T03:04:05.000Z" },
            null,
            new JsonArray(new JsonObject { ["t"] = "2026-01-02T03:04:05.0Z" }));

        Assert.That(KubeSerializer.ToNode(list).ToJsonString(), Is.EqualTo("[{\"t\":\"2026-01-02T03:04:05Z\"},null,[{\"t\":\"2026-01-02T03:04:05Z\"}]]"));
    }

    [Test]
    public void A_malformed_timestamp_is_one_line_naming_the_source()
    {
        var ex = Assert.Throws<ManifestException>(() => KubeSerializer.FromNode<V1alpha2JobSet>(JsonNode.Parse("{\"metadata\":{\"creationTimestamp\":\"yesterday\"}}")!, "src"))!;

        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.StartWith("src: "));
            Assert.That(ex.Message, Does.Not.Contain('\n'));
            Assert.That(ex.InnerException, Is.Not.Null);
        });
    }

    [Test]
    public void Unknown_fields_are_listed_with_their_paths_and_maps_take_any_key()
    {
        var node = JsonNode.Parse("""
            {"apiVersion": "x", "kind": "JobSet", "extra": 1,
             "metadata": {"name": "a", "labels": {"any key": "v"}, "annotations": {"k": "v"}, "nam": "typo"},
             "spec": {"replicatedJobs": [{"name": "w"}, {"name": "v", "replica": 2, "template": {"spec": {"template": {"spec": {"containers": [{"name": "c", "imag": "x"}]}}}}}],
                      "network": {"subdomain": "s", "dns": true}}}
            """);

        var unknown = KubeSerializer.UnknownFields<V1alpha2JobSet>(node);

        Assert.That(unknown, Is.EqualTo(new[]
        {
            "extra",
            "metadata.nam",
            "spec.replicatedJobs[1].replica",
            "spec.replicatedJobs[1].template.spec.template.spec.containers[0].imag",
            "spec.network.dns",
        }));
    }

    [Test]
    public void Unknown_fields_inside_map_values_are_named_with_the_key()
    {
        var node = JsonNode.Parse("""{"spec": {"containers": [{"name": "c", "resources": {"limits": {"cpu": "1"}}}], "overhead": {"cpu": "1"}, "nodeSelector": {"a": "b"}}, "metadata": {"labels": {"a": "b"}}}""");

        Assert.That(KubeSerializer.UnknownFields<V1Pod>(node), Is.Empty);
    }

    [Test]
    public void Unknown_fields_inside_structured_map_values_are_named_with_the_key()
    {
        Assert.Multiple(() =>
        {
            // A dictionary class, and a property typed as the IDictionary interface itself.
            Assert.That(KubeSerializer.UnknownFields<Dictionary<string, V1Container>>(JsonNode.Parse("""{"x": {"name": "c", "nam": 1}}""")), Is.EqualTo(new[] { "[x].nam" }));
            Assert.That(KubeSerializer.UnknownFields<V1JSONSchemaProps>(JsonNode.Parse("""{"properties": {"a": {"type": "string", "typo": 1}}}""")), Is.EqualTo(new[] { "properties[a].typo" }));
        });
    }

    [Test]
    public void A_nullable_struct_collection_is_walked_as_the_collection()
    {
        Assert.That(KubeSerializer.UnknownFields<ImmutableArray<V1Container>?>(JsonNode.Parse("""[{"name": "c", "nam": 1}]""")), Is.EqualTo(new[] { "[0].nam" }));
    }

    [Test]
    public void A_property_without_a_json_name_is_no_field()
    {
        // V1Status.HasObject is computed, not part of the wire format.
        Assert.That(KubeSerializer.UnknownFields<V1Status>(JsonNode.Parse("""{"code": 404, "hasObject": true}""")), Is.EqualTo(new[] { "hasObject" }));
    }

    private enum Colour
    {
        Red,
    }

    private static TestCaseData Leaf<T>(string json, string what) =>
        new TestCaseData(new Func<JsonNode?, IReadOnlyList<string>>(KubeSerializer.UnknownFields<T>), json).SetArgDisplayNames(what);

    private static IEnumerable<TestCaseData> Leaves()
    {
        yield return Leaf<V1Secret>("""{"data": {"k": {"x": 1}}}""", "byte[], a class of the System namespace");
        yield return Leaf<V1HTTPGetAction>("""{"port": {"x": 1}}""", "IntOrString, a class with its own converter");
        yield return Leaf<V1JSONSchemaProps>("""{"default": {"x": 1}}""", "object");
        yield return Leaf<V1Container>("""{"name": "c", "args": {"x": 1}}""", "IList<string> given a map");
        yield return Leaf<Colour>("""{"x": 1}""", "an enum");
    }

    [TestCaseSource(nameof(Leaves))]
    public void Leaves_are_not_walked_whatever_json_they_are_given(Func<JsonNode?, IReadOnlyList<string>> unknownFields, string json)
    {
        Assert.That(unknownFields(JsonNode.Parse(json)), Is.Empty);
    }

    [Test]
    public void A_value_of_the_wrong_shape_is_not_walked_and_null_has_no_unknown_fields()
    {
        Assert.Multiple(() =>
        {
            Assert.That(KubeSerializer.UnknownFields<V1alpha2JobSet>(JsonNode.Parse("""{"spec": {"replicatedJobs": {"x": 1}, "network": [1]}}""")), Is.Empty);
            Assert.That(KubeSerializer.UnknownFields<V1alpha2JobSet>(null), Is.Empty);
        });
    }
}
