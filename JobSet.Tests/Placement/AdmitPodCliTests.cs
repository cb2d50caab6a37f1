using System.Text.Json.Nodes;
using JobSet.Core.Serialization;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Placement;

/// <summary>The <c>jobset admit-pod</c> contract: one document {allowed, message, pod}; exit 0, 1 or 2.</summary>
public class AdmitPodCliTests
{
    private readonly List<string> tempFiles = [];

    private static string Leader => ExampleFiles.PathOf("placement/leader-pod.yaml");

    private static string Follower => ExampleFiles.PathOf("placement/follower-pod.yaml");

    private static string Observed => ExampleFiles.PathOf("placement/observed.yaml");

    [Test]
    public void A_follower_with_its_scheduled_leader_is_allowed_and_follows_the_leaders_rack()
    {
        var result = CliRunner.Run("admit-pod", "-f", Follower, "--observed", Observed);

        var document = Document(result.Out);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.Error, Is.Empty);
            Assert.That(document["allowed"]!.GetValue<bool>(), Is.True);
            Assert.That(document["message"]!.GetValue<string>(), Is.Empty);
            Assert.That(document["pod"]!["spec"]!["nodeSelector"]!["example.com/rack"]!.GetValue<string>(), Is.EqualTo("rack-b"));
            Assert.That(document["pod"]!["metadata"]!["labels"]!["jobset.sigs.k8s.io/priority"]!.GetValue<string>(), Is.EqualTo("0"));
        });
    }

    [Test]
    public void A_denied_follower_is_an_answer_not_an_error()
    {
        var result = CliRunner.Run("admit-pod", "-f", Follower, "-o", "json");

        var document = JsonNode.Parse(result.Out)!;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(document["allowed"]!.GetValue<bool>(), Is.False);
            Assert.That(document["message"]!.GetValue<string>(), Is.EqualTo("follower pod node selector not set"));
            Assert.That(document["pod"]!["kind"]!.GetValue<string>(), Is.EqualTo("Pod"));
        });
    }

    [Test]
    public void A_leader_is_allowed_with_its_affinity_terms()
    {
        var result = CliRunner.Run("admit-pod", "-f", Leader);

        var document = Document(result.Out);
        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(document["allowed"]!.GetValue<bool>(), Is.True);
        Assert.That(document["pod"]!["spec"]!["affinity"]!["podAntiAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]![0]!["topologyKey"]!.GetValue<string>(), Is.EqualTo("example.com/rack"));
    }

    [Test]
    public void The_document_has_exactly_the_contract_fields_in_order()
    {
        var result = CliRunner.Run("admit-pod", "-f", Leader, "-o", "json");

        Assert.That(JsonNode.Parse(result.Out)!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "allowed", "message", "pod" }));
    }

    [Test]
    public void The_pod_can_come_from_stdin()
    {
        var result = CliRunner.RunWithInput(File.ReadAllText(Follower), "admit-pod", "-f", "-", "--observed", Observed);

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(Document(result.Out)["allowed"]!.GetValue<bool>(), Is.True);
    }

    [TestCase("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}", "pod.yaml: expected a Pod (v1), found Job (batch/v1)")]
    [TestCase("apiVersion: v2\nkind: Pod\nmetadata: {name: p}", "pod.yaml: expected a Pod (v1), found Pod (v2)")]
    [TestCase("metadata: {name: p}", "pod.yaml: expected a Pod (v1), found an object without kind")]
    [TestCase("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}", "pod.yaml: expected exactly one Pod, found 2 objects")]
    [TestCase("", "pod.yaml: expected exactly one Pod, found 0 objects")]
    public void Valid_manifests_that_are_not_one_pod_are_invalid_input(string text, string expected)
    {
        var path = WriteTemp(text);

        var result = CliRunner.Run("admit-pod", "-f", path);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.ErrorLines, Is.EqualTo(new[] { $"jobset admit-pod: {expected.Replace("pod.yaml", path, StringComparison.Ordinal)}" }));
        Assert.That(result.Out, Is.Empty);
    }

    [TestCase("pod", "kind: [", "not valid YAML or JSON")]
    [TestCase("pod", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {priority: high}", "field spec.priority")]
    [TestCase("observed", "items: [", "not valid YAML or JSON")]
    [TestCase("observed", "apiVersion: v1\nkind: Node\nmetadata: {name: n, labels: [a]}", "Node n")]
    public void Unreadable_input_exits_2_with_one_line_naming_the_file(string which, string text, string expected)
    {
        var bad = WriteTemp(text);
        var args = which == "pod" ? new[] { "admit-pod", "-f", bad } : ["admit-pod", "-f", Follower, "--observed", bad];

        var result = CliRunner.Run(args);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
        Assert.That(result.ErrorLines[0], Does.Contain(bad).And.Contain(expected));
    }

    [TestCase("admit-pod", "jobset admit-pod: missing required option -f, --filename FILE")]
    [TestCase("admit-pod -f /nonexistent/pod.yaml", "jobset admit-pod: file not found: /nonexistent/pod.yaml")]
    [TestCase("admit-pod -f LEADER -o table", "jobset admit-pod: unknown output format 'table' (use yaml or json)")]
    public void Usage_errors_exit_2(string commandLine, string expected)
    {
        var result = CliRunner.Run(commandLine.Replace("LEADER", Leader, StringComparison.Ordinal).Split(' '));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.ErrorLines, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void Observed_objects_of_other_kinds_are_ignored()
    {
        var observed = File.ReadAllText(Observed) + "\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: train-workers-0}\n";

        var result = CliRunner.Run("admit-pod", "-f", Follower, "--observed", WriteTemp(observed));

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(Document(result.Out)["allowed"]!.GetValue<bool>(), Is.True);
    }

    [TearDown]
    public void RemoveTempFiles()
    {
        foreach (var path in tempFiles)
        {
            File.Delete(path);
        }

        tempFiles.Clear();
    }

    private static JsonNode Document(string yaml)
    {
        var documents = YamlJson.ParseDocuments(yaml);
        Assert.That(documents, Has.Count.EqualTo(1));
        return documents[0]!;
    }

    private string WriteTemp(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"admit-pod-{TestContext.CurrentContext.Test.ID}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        tempFiles.Add(path);
        return path;
    }
}
