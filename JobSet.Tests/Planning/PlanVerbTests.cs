using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Planning;

/// <summary>The <c>jobset plan</c> contract: output document, flags and exit codes.</summary>
public class PlanVerbTests
{
    private string folder = "";

    [SetUp]
    public void CreateFolder()
    {
        folder = Path.Combine(Path.GetTempPath(), "jobset-plan-" + TestContext.CurrentContext.Test.ID);
        Directory.CreateDirectory(folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void Plans_the_first_reconcile_as_yaml()
    {
        var jobSet = Write("js.yaml", Manifests.Single(replicas: 1));

        var result = CliRunner.Run("plan", "-f", jobSet, "--now", "2026-01-01T00:00:00Z");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Out, Does.StartWith("kind: ReconcilePlan\njobSet:\n  namespace: default\n  name: solo\nskipped: \"\"\nstatusChanged: true\n"));
            Assert.That(result.Out, Does.Contain("- type: Create\n  object:\n    apiVersion: batch/v1\n    kind: Job\n"));
            Assert.That(result.Out, Does.Not.Contain("requeueAfterSeconds"));
        });
    }

    [Test]
    public void Observed_jobs_and_service_leave_only_the_status_write_as_json()
    {
        var jobSet = Write("js.yaml", Manifests.Single(replicas: 1).Replace("  namespace: default\n", "  namespace: default\n  uid: u1\n", StringComparison.Ordinal));
        var first = CliRunner.Run("plan", "-f", jobSet, "--now", "2026-01-01T00:00:00Z", "-o", "json");
        var created = System.Text.Json.Nodes.JsonNode.Parse(first.Out)!["actions"]!.AsArray()
            .Where(a => (string?)a!["type"] == "Create")
            .Select(a => a!["object"]!.ToJsonString());
        var observed = Write("observed.yaml", string.Join("\n---\n", created) + "\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: ignored}\n");

        var result = CliRunner.Run("plan", "-f", jobSet, "--observed", observed, "--now", "2026-01-01T00:00:00Z", "-o", "json");

        var plan = System.Text.Json.Nodes.JsonNode.Parse(result.Out)!;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(plan["actions"]!.AsArray().Select(a => (string?)a!["type"]), Is.EqualTo(new[] { "UpdateStatus" }));
        });
    }

    [Test]
    public void A_jobset_without_uid_warns_that_no_observed_job_can_be_its_child()
    {
        var jobSet = Write("js.yaml", Manifests.Single(replicas: 1));
        var first = CliRunner.Run("plan", "-f", jobSet, "--now", "2026-01-01T00:00:00Z", "-o", "json");
        var created = System.Text.Json.Nodes.JsonNode.Parse(first.Out)!["actions"]!.AsArray()
            .Where(a => (string?)a!["type"] == "Create" && (string?)a!["object"]!["kind"] == "Job")
            .Select(a => a!["object"]!.ToJsonString());
        var observed = Write("observed.yaml", string.Join("\n---\n", created));

        var result = CliRunner.Run("plan", "-f", jobSet, "--observed", observed, "--now", "2026-01-01T00:00:00Z");

        Assert.Multiple(() =>
        {
            Assert.That(first.Error, Is.Empty, "nothing observed: nothing to warn about");
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.ErrorLines, Is.EqualTo(new[] { $"jobset plan: warning: {jobSet} has no metadata.uid, so none of the 1 observed Jobs counts as its child" }));
        });
    }

    [TestCase("yesterday")]
    [TestCase("2026-01-01")]
    [TestCase("2026-01-01T00:00:00")]
    public void Bad_now_is_a_usage_error(string now)
    {
        var jobSet = Write("js.yaml", Manifests.Single(replicas: 1));

        var result = CliRunner.Run("plan", "-f", jobSet, "--now", now);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
            Assert.That(result.Error, Does.Contain("--now"));
        });
    }

    [Test]
    public void Unknown_feature_gate_is_a_usage_error()
    {
        var jobSet = Write("js.yaml", Manifests.Single(replicas: 1));

        var result = CliRunner.Run("plan", "-f", jobSet, "--feature-gates", "Nope=true");

        Assert.That((result.ExitCode, result.ErrorLines.Count), Is.EqualTo((2, 1)));
    }

    [Test]
    public void Unsupported_observed_object_is_a_usage_error()
    {
        var jobSet = Write("js.yaml", Manifests.Single(replicas: 1));
        var observed = Write("observed.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");

        var result = CliRunner.Run("plan", "-f", jobSet, "--observed", observed, "--now", "2026-01-01T00:00:00Z");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Does.Contain("ConfigMap"));
        });
    }

    [Test]
    public void Malformed_observed_job_label_exits_1_with_one_line()
    {
        var jobSet = Write("js.yaml", Manifests.Single(replicas: 1).Replace("  namespace: default\n", "  namespace: default\n  uid: u1\n", StringComparison.Ordinal));
        var observed = Write("observed.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: solo-rj-0
              namespace: default
              labels: {jobset.sigs.k8s.io/restart-attempt: x}
              ownerReferences:
              - {apiVersion: jobset.x-k8s.io/v1alpha2, kind: JobSet, name: solo, uid: u1, controller: true}
            """);

        var result = CliRunner.Run("plan", "-f", jobSet, "--observed", observed, "--now", "2026-01-01T00:00:00Z");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.ErrorLines, Is.EqualTo(new[] { "jobset plan: job solo-rj-0: invalid value for label jobset.sigs.k8s.io/restart-attempt: \"x\", must be integer" }));
        });
    }

    [Test]
    public void Missing_file_is_a_usage_error() =>
        Assert.That(CliRunner.Run("plan", "-f", Path.Combine(folder, "absent.yaml")).ExitCode, Is.EqualTo(2));
}
