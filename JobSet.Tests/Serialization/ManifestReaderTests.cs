using JobSet.Core.Serialization;

namespace JobSet.Tests.Serialization;

public class ManifestReaderTests
{
    private const string MinimalJobSet = """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: demo
        spec:
          replicatedJobs:
          - name: workers
            template:
              spec:
                template:
                  spec:
                    containers:
                    - name: main
                      image: busybox
        """;

    [Test]
    public void Reads_a_jobset_and_fills_in_the_default_namespace()
    {
        var jobSet = ManifestReader.ReadJobSet(MinimalJobSet, "demo.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(jobSet.Metadata.Name, Is.EqualTo("demo"));
            Assert.That(jobSet.Metadata.NamespaceProperty, Is.EqualTo("default"));
            Assert.That(jobSet.Spec.ReplicatedJobs![0].Name, Is.EqualTo("workers"));
        });
    }

    [TestCase("foo: [", "demo.yaml: not valid YAML or JSON at line 2")]
    [TestCase("apiVersion: v1\nkind: Pod\nmetadata: {name: p}", "expected a JobSet (jobset.x-k8s.io/v1alpha2), found Pod (v1)")]
    [TestCase("apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: {}\nspec: {}", "metadata.name is required")]
    [TestCase("apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: {name: a}\nspec: {replicatedJobs: [{name: w, replicas: many}]}", "field spec.replicatedJobs[0].replicas")]
    [TestCase("apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: {name: a}\nspec: {replicatedJob: []}", "unknown field \"spec.replicatedJob\"")]
    [TestCase("- 1\n- 2", "document 1 is not a Kubernetes object")]
    [TestCase("", "no object found")]
    public void Bad_input_is_one_line_naming_the_problem(string text, string expected)
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestReader.ReadJobSet(text, "demo.yaml"))!;

        Assert.That(ex.Message, Does.Contain(expected));
        Assert.That(ex.Message, Does.Not.Contain('\n'));
    }

    [Test]
    public void A_list_and_a_multi_document_stream_are_flattened()
    {
        var text = """
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: batch/v1, kind: Job, metadata: {name: a}}
            - {apiVersion: batch/v1, kind: Job, metadata: {name: b}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: svc}
            """;

        var objects = ManifestReader.ReadObjects(text, "objects.yaml");

        Assert.That(objects.Select(o => o["metadata"]!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "a", "b", "svc" }));
    }

    [Test]
    public void Yaml_output_reads_back_to_the_same_json()
    {
        var jobSet = ManifestReader.ReadJobSet(MinimalJobSet, "demo.yaml");
        jobSet.Metadata.Labels = new Dictionary<string, string> { ["flag"] = "true", ["number"] = "0123", ["empty"] = "" };

        var yaml = KubeSerializer.ToYaml(jobSet);
        var again = ManifestReader.ReadJobSet(yaml, "out.yaml");

        Assert.That(KubeSerializer.ToJson(again), Is.EqualTo(KubeSerializer.ToJson(jobSet)));
    }
}
