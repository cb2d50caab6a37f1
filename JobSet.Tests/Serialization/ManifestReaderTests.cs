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

    private const string Job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n";

    private static string Named(string name) => MinimalJobSet.Replace("name: demo", "name: " + name, StringComparison.Ordinal);

    [TestCase("kind: JobSet\nmetadata: {name: a}", "demo.yaml: expected a JobSet (jobset.x-k8s.io/v1alpha2), found JobSet (no apiVersion)")]
    [TestCase("apiVersion: jobset.x-k8s.io/v1alpha1\nkind: JobSet\nmetadata: {name: a}", "demo.yaml: expected a JobSet (jobset.x-k8s.io/v1alpha2), found JobSet (jobset.x-k8s.io/v1alpha1)")]
    [TestCase("apiVersion: jobset.x-k8s.io/v1alpha2\nmetadata: {name: a}", "demo.yaml: expected a JobSet (jobset.x-k8s.io/v1alpha2), found an object without kind")]
    [TestCase("apiVersion: jobset.x-k8s.io/v1alpha2\nkind: 5\nmetadata: {name: a}", "demo.yaml: expected a JobSet (jobset.x-k8s.io/v1alpha2), found an object without kind")]
    [TestCase("apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: {name: a}\nspec: {replicatedJob: [], suspnd: true}", "demo.yaml: unknown field \"spec.replicatedJob\" (and 1 more)")]
    [TestCase("apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: {name: a}\nspec: {replicatedJob: []}", "demo.yaml: unknown field \"spec.replicatedJob\"")]
    [TestCase("apiVersion: v1\nkind: Thing\nitems: [{kind: Job}]", "demo.yaml: expected a JobSet (jobset.x-k8s.io/v1alpha2), found Thing (v1)")]
    [TestCase("a: 1\nb: \"unclosed\n", "demo.yaml: not valid YAML or JSON at line 2, column 4: While scanning a quoted scalar, found unexpected end of stream.")]
    [TestCase("x: 1\ny:\n  a: [\n  b: 1\n", "demo.yaml: not valid YAML or JSON at line 3, column 6: malformed YAML: the structure cannot continue here (an unclosed '[' or '{' is a common cause)")]
    [TestCase("apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: {name: ''}", "demo.yaml: metadata.name is required")]
    [TestCase("apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nspec: {}", "demo.yaml: metadata.name is required")]
    [TestCase("apiVersion: v1\nkind: List\nitems: [1]", "demo.yaml: document 1: items[0] is not a Kubernetes object")]
    [TestCase("---\napiVersion: v1\nkind: List\nitems: [{kind: Job}, [1]]", "demo.yaml: document 1: items[1] is not a Kubernetes object")]
    [TestCase("a: 1\n---\n5", "demo.yaml: document 2 is not a Kubernetes object (expected a mapping with apiVersion and kind)")]
    [TestCase(Job + "---\n" + Job, "demo.yaml: no JobSet among its 2 objects")]
    [TestCase("---\n---\n", "demo.yaml: no object found; expected a JobSet")]
    public void Bad_input_has_exactly_this_message(string text, string expected)
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestReader.ReadJobSet(text, "demo.yaml"))!;

        Assert.That(ex.Message, Is.EqualTo(expected));
    }

    [Test]
    public void Two_jobsets_are_refused_and_one_among_companions_is_read()
    {
        var two = Assert.Throws<ManifestException>(() => ManifestReader.ReadJobSet(Named("a") + "\n---\n" + Named("b"), "x.yaml"))!;
        var one = ManifestReader.ReadJobSet(Job + "---\n" + Named("a") + "\n---\n" + Job, "x.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(two.Message, Is.EqualTo("x.yaml: 2 JobSets found; expected exactly one"));
            Assert.That(one.Metadata.Name, Is.EqualTo("a"));
        });
    }

    [Test]
    public void A_yaml_error_names_the_line_and_column_and_only_the_first_line_of_the_cause()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestReader.ReadJobSet("a: 1\nb: \"unclosed\n", "demo.yaml"))!;

        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.Match(@"^demo\.yaml: not valid YAML or JSON at line \d+, column \d+: [^(]"));
            Assert.That(ex.Message, Does.Not.Contain("(Line:"));
            Assert.That(ex.InnerException, Is.InstanceOf<YamlDotNet.Core.YamlException>());
        });
    }

    [Test]
    public void A_generate_name_is_enough_and_a_given_namespace_is_kept()
    {
        var jobSet = ManifestReader.ReadJobSet("apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: {generateName: g-, namespace: team}", "demo.yaml");

        Assert.That((jobSet.Metadata.GenerateName, jobSet.Metadata.NamespaceProperty), Is.EqualTo(("g-", "team")));
    }

    [Test]
    public void Items_of_a_typed_list_get_the_lists_kind_and_api_version_unless_they_have_a_kind()
    {
        var text = """
            apiVersion: batch/v1
            kind: JobList
            items:
            - metadata: {name: a}
            - {apiVersion: v9, metadata: {name: b}}
            - {kind: Pod, metadata: {name: c}}
            ---
            apiVersion: v1
            kind: List
            items:
            - metadata: {name: d}
            ---
            kind: JobList
            metadata: {name: no-items}
            """;

        var objects = ManifestReader.ReadObjects(text, "list.yaml");

        Assert.That(
            objects.Select(o => $"{o["metadata"]!["name"]} {ManifestReader.TypeOf(o)}"),
            Is.EqualTo(new[] { "a (batch/v1, Job)", "b (v9, Job)", "c (, Pod)", "d (, )", "no-items (, JobList)" }));
    }

    [Test]
    public void Only_the_kinds_the_project_reads_are_typed()
    {
        var node = (string yaml) => ManifestReader.ReadObjects(yaml, "s")[0];

        Assert.Multiple(() =>
        {
            Assert.That(ManifestReader.ToTyped(node("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}"), "s"), Is.InstanceOf<k8s.Models.V1Job>());
            Assert.That(ManifestReader.ToTyped(node("apiVersion: v1\nkind: Service\nmetadata: {name: s}"), "s"), Is.InstanceOf<k8s.Models.V1Service>());
            Assert.That(ManifestReader.ToTyped(node("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}"), "s"), Is.InstanceOf<k8s.Models.V1PersistentVolumeClaim>());
            Assert.That(ManifestReader.ToTyped(node("apiVersion: v1\nkind: Pod\nmetadata: {name: p}"), "s"), Is.InstanceOf<k8s.Models.V1Pod>());
            Assert.That(ManifestReader.ToTyped(node("apiVersion: v1\nkind: Node\nmetadata: {name: n}"), "s"), Is.InstanceOf<k8s.Models.V1Node>());
            Assert.That(ManifestReader.ToTyped(node(MinimalJobSet), "s"), Is.InstanceOf<JobSet.Core.Api.V1alpha2JobSet>());
            Assert.That(ManifestReader.ToTyped(node("apiVersion: v2\nkind: Job\nmetadata: {name: j}"), "s"), Is.Null);
            Assert.That(ManifestReader.ToTyped(node("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}"), "s"), Is.Null);
        });
    }

    [TestCase("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {parallelism: x}", "s: Job j: field spec.parallelism: wrong type, expected an integer")]
    [TestCase("apiVersion: v1\nkind: Pod\nspec: {containers: 1}", "s: Pod (unnamed): field spec.containers: wrong type, expected a list")]
    [TestCase("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, readinessProbe: {httpGet: {port: true}}}]}", "s: Pod p: field spec.containers[0].readinessProbe.httpGet.port: wrong type, expected an integer or a string")]
    public void A_typed_object_error_names_the_kind_and_name(string yaml, string expected)
    {
        var node = ManifestReader.ReadObjects(yaml, "s")[0];

        Assert.That(() => ManifestReader.ToTyped(node, "s"), Throws.InstanceOf<ManifestException>().With.Message.EqualTo(expected));
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

    [Test]
    public void The_exception_without_a_message_has_a_generic_one()
    {
        Assert.That(new ManifestException().Message, Is.EqualTo("the manifest could not be read"));
    }
}
