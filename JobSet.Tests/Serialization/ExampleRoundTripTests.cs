using System.Text.Json.Nodes;
using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Serialization;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Serialization;

/// <summary>Every project example (examples/*.yaml) survives the wire format, defaults stably and is valid.</summary>
public class ExampleRoundTripTests
{
    /// <summary>The capabilities the examples must cover, one file each at least.</summary>
    private static readonly string[] RequiredExamples =
    [
        "simple.yaml", "network-hostnames.yaml", "coordinator.yaml", "group.yaml", "success-policy.yaml",
        "failure-policy-failjobset.yaml", "failure-policy-restartjobset.yaml", "failure-policy-restartjobset-ignore-max-restarts.yaml",
        "failure-policy-restartjob.yaml", "failure-policy-restartjob-ignore-max-restarts.yaml",
        "startup-in-order.yaml", "depends-on.yaml", "exclusive-placement.yaml", "exclusive-placement-node-selector.yaml",
        "ttl-after-finished.yaml", "volume-claims.yaml", "suspend-kueue.yaml",
    ];

    private static IEnumerable<string> Examples() => JobSetExamples.All();

    [Test]
    public void Every_capability_has_an_example()
    {
        Assert.That(JobSetExamples.All(), Is.SupersetOf(RequiredExamples));
    }

    [TestCaseSource(nameof(Examples))]
    public void Reads_and_writes_back_the_same_json(string example)
    {
        var text = File.ReadAllText(ExampleFiles.PathOf(example));
        var input = (JsonObject)YamlJson.ParseDocuments(text).Single(d => d is not null)!;
        // The reader fills in the namespace a cluster would; nothing else may change.
        var metadata = (JsonObject)input["metadata"]!;
        metadata["namespace"] ??= "default";

        var written = KubeSerializer.ToNode(ManifestReader.ReadJobSet(text, example));

        // Field order is the serializer's; names and values must be the same.
        Assert.That(Sorted(written)!.ToJsonString(), Is.EqualTo(Sorted(input)!.ToJsonString()));
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    [TestCaseSource(nameof(Examples))]
    public void Default_output_reads_back_and_is_idempotent(string example)
    {
        var defaulted = JobSetDefaulter.Apply(ManifestReader.ReadJobSet(File.ReadAllText(ExampleFiles.PathOf(example)), example));
        var yaml = KubeSerializer.ToYaml(defaulted);

        var reread = ManifestReader.ReadJobSet(yaml, "defaulted.yaml");
        var again = KubeSerializer.ToYaml(JobSetDefaulter.Apply(reread));

        Assert.Multiple(() =>
        {
            Assert.That(KubeSerializer.ToYaml(reread), Is.EqualTo(yaml), "the defaulted YAML must read back unchanged");
            Assert.That(again, Is.EqualTo(yaml), "defaulting twice must change nothing");
        });
    }

    [TestCaseSource(nameof(Examples))]
    public void Is_valid(string example)
    {
        var text = File.ReadAllText(ExampleFiles.PathOf(example));
        // Examples that need a gate say so in a comment with the command line to use.
        var gates = new FeatureGates(
            RestartJob: text.Contains("RestartJob=true", StringComparison.Ordinal),
            InPlaceRestart: text.Contains("InPlaceRestart=true", StringComparison.Ordinal));

        var result = JobSetValidator.ValidateCreate(JobSetDefaulter.Apply(ManifestReader.ReadJobSet(text, example)), gates);

        Assert.That(result.Errors, Is.Empty);
    }

    [TestCase("failure-policy-restartjob.yaml")]
    [TestCase("failure-policy-restartjob-ignore-max-restarts.yaml")]
    public void RestartJob_examples_are_rejected_without_the_gate(string example)
    {
        var jobSet = JobSetDefaulter.Apply(ManifestReader.ReadJobSet(File.ReadAllText(ExampleFiles.PathOf(example)), example));

        Assert.That(JobSetValidator.ValidateCreate(jobSet, FeatureGates.Default).IsValid, Is.False);
    }
}
